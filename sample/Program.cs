using System;
using SourceGenNet.Sample;

var model = new SigmoidModel();
Console.Write(model.Summary());
