using System;
using System.Text;
using SourceGenNet.Sample;

// The Keras Fashion-MNIST tutorial, in C#. Everything happens in Tutorial; this only wires the console.
Console.OutputEncoding = Encoding.UTF8; // the Korean model name, box-drawing rules
return Cli.Run(args, Console.Out, Console.Error, liveProgress: !Console.IsOutputRedirected);
