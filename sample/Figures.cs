using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;
using SourceGenNet.Data;

namespace SourceGenNet.Sample;

/// <summary>The sample's pictures, drawn with ScottPlot (SkiaSharp underneath, headless).</summary>
internal static class Figures
{
    // One colour per run; train solid, validation dashed, so a pair reads as one optimizer.
    private static readonly Color[] Palette =
    [
        Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.Crimson, Colors.MediumPurple, Colors.SaddleBrown,
        Colors.HotPink, Colors.Gray,
    ];

    /// <summary>Loss and accuracy per epoch, train vs validation, one colour per run, side by side.</summary>
    public static void SaveTrainingCurves(string path, IReadOnlyList<RunResult> runs, string title)
    {
        // The legend sits outside the accuracy panel; that panel gets the legend's width on top,
        // so both data areas come out the same size. Width from the longest label (ScottPlot's
        // legend font is about 6.5 px per character at 14 px).
        int legendWidth = 50 + (int)(6.5 * runs.Max(r => r.Label.Length));
        const int panelWidth = 640, height = 560;
        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new SideBySide(panelWidth);
        Plot loss = figure.GetPlot(0), accuracy = figure.GetPlot(1);
        for (int r = 0; r < runs.Count; r++)
        {
            RunResult run = runs[r];
            double[] epochs = new double[run.History.Count];
            double[] trainLoss = new double[epochs.Length], valLoss = new double[epochs.Length];
            double[] trainAccuracy = new double[epochs.Length], valAccuracy = new double[epochs.Length];
            for (int e = 0; e < epochs.Length; e++)
            {
                EpochResult epoch = run.History[e];
                (epochs[e], trainLoss[e], valLoss[e], trainAccuracy[e], valAccuracy[e]) =
                    (epoch.Epoch, epoch.Loss, epoch.ValLoss, epoch.Accuracy, epoch.ValAccuracy);
            }
            Color color = Palette[r % Palette.Length];
            AddPair(loss, epochs, trainLoss, valLoss, color, run.Label);
            AddPair(accuracy, epochs, trainAccuracy, valAccuracy, color, run.Label);
        }
        Style(loss, $"Loss: {title}", "loss (cross-entropy)");
        Style(accuracy, "Accuracy (solid: training, dashed: validation)", "accuracy");
        // Outside the data area, so it never hides a line.
        accuracy.ShowLegend(Edge.Right);
        loss.HideLegend();
        figure.SavePng(path, 2 * panelWidth + legendWidth, height);
    }

    /// <summary>Two panels in a row: the first <c>firstWidth</c> pixels wide, the second takes the rest.</summary>
    private sealed class SideBySide(int firstWidth) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figure) =>
        [
            new PixelRect(figure.Left, figure.Left + firstWidth, figure.Bottom, figure.Top),
            new PixelRect(figure.Left + firstWidth, figure.Right, figure.Bottom, figure.Top),
        ];
    }

    private static void AddPair(Plot plot, double[] x, double[] train, double[] validation, Color color, string label)
    {
        var trainLine = plot.Add.ScatterLine(x, train, color);
        trainLine.LineWidth = 2;
        trainLine.MarkerSize = 5;
        trainLine.LegendText = label;
        var validationLine = plot.Add.ScatterLine(x, validation, color);
        validationLine.LineWidth = 2;
        validationLine.LinePattern = LinePattern.Dashed;
        validationLine.MarkerSize = 5;
    }

    private static void Style(Plot plot, string title, string yLabel)
    {
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        // Epochs are whole numbers: one tick each.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
    }

    /// <summary>
    /// The first <paramref name="count"/> test images in a grid, each titled with the predicted
    /// class and, when wrong, the true one in red (the tutorial's <c>plt.imshow(..., cmap='gray_r')</c> look).
    /// </summary>
    public static void SavePredictionGrid(string path, ImageSet images, IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int count, int columns)
    {
        count = Math.Min(count, images.Count);
        int rows = (count + columns - 1) / columns;
        var figure = new Multiplot();
        figure.AddPlots(count);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int i = 0; i < count; i++)
        {
            Plot plot = figure.GetPlot(i);
            ReadOnlySpan<byte> pixels = images.Image(i);
            // Row 0 of a heatmap is drawn at the top, as an image's first row is.
            var intensities = new double[images.Rows, images.Cols];
            for (int r = 0; r < images.Rows; r++)
                for (int c = 0; c < images.Cols; c++)
                    intensities[r, c] = pixels[r * images.Cols + c];
            var heatmap = plot.Add.Heatmap(intensities);
            heatmap.Colormap = new ScottPlot.Colormaps.Grayscale().Reversed();
            heatmap.ManualRange = new ScottPlot.Range(0, 255);
            plot.HideGrid();
            plot.Axes.Frameless();
            plot.Axes.Margins(0.06, 0); // a little white between neighbours
            bool right = actual[i] == predicted[i];
            string title = right
                ? FashionMnist.ClassNames[predicted[i]]
                : $"{FashionMnist.ClassNames[predicted[i]]} (is {FashionMnist.ClassNames[actual[i]]})";
            plot.Title(title, size: 14);
            plot.Axes.Title.Label.ForeColor = right ? Colors.Black : Colors.Crimson;
        }
        figure.SavePng(path, columns * 190, rows * 210);
    }
}
