using System;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Threading;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Kernels;

/// <summary>
/// The threads that run one training step's heavy operations together: the calling thread runs piece 0
/// of each operation and <c>Threads - 1</c> worker threads run the others, then the caller waits for them (or runs a
/// piece itself when its worker has not claimed it yet).
/// Every operation is split so that no two threads write the same float and nothing is reduced, so each
/// value is computed exactly as one thread computes it: results are bit-identical for every thread count.
/// </summary>
/// <remarks>
/// <para>A step is a few hundred microseconds and has several parallel operations, so the hand-off has to
/// cost well under a microsecond: the workers are dedicated background threads that spin (yielding) for
/// <see cref="SpinMilliseconds"/> after each piece, waiting for the next one, and then park on an event
/// (no CPU) until work arrives. Waking a parked worker costs tens of microseconds, once per idle spell.</para>
/// <para>Spans cannot cross threads, so an operation pins its buffers and hands the workers pointers; the
/// caller stays inside the pinning scope until every worker has finished. Nothing is allocated per operation.</para>
/// <para>A worker that has not claimed its piece by the time the caller has finished its own (its vCPU busy, or still
/// waking) does not hold the operation up: the caller claims that piece and runs it itself.</para>
/// <para>Not reentrant: one operation at a time, from one thread at a time (as training is). Dispose stops the workers.</para>
/// </remarks>
public sealed unsafe class ThreadTeam : IDisposable
{
    /// <summary>How long an idle worker spins before it parks.</summary>
    public const int SpinMilliseconds = 2;

    /// <summary>For tests: run by each worker before it claims a piece (to hold it back, as a busy vCPU would).</summary>
    internal Action<int>? BeforeClaim;

    private static readonly long SpinTicks = Stopwatch.Frequency * SpinMilliseconds / 1000;

    private readonly Worker[] workers;
    private int generation;
    private bool disposed;
    private Exception? workerFailure;

    // The current operation, written by the caller before it releases the workers (a volatile write of
    // each worker's Requested publishes them) and read by every piece.
    private Job job;
    private float* x, w, bias, y, dy;
    private int rows, inner, cols, length;
    private bool overwrite;
    private Optimizer? optimizer;
    private float[]? gatherSource, gatherDestination;
    private int[]? gatherOrder;
    private int gatherFirst;
    private IBatchForward? batchForward;
    private IRowWork? rowWork;
    private int chunksFirst, chunkRows, chunkCount;
    private PackedKernels? packedKernels;  // the caller's, which the workers use too for the operation
    private float[] chunkPartials = [];    // ForwardByChunks: the partial sums of the chunks after the first group's

    /// <summary>Starts <paramref name="threads"/> - 1 worker threads (none for 1).</summary>
    /// <param name="threads">Threads that share each operation, the caller included; 1 to 64.</param>
    public ThreadTeam(int threads)
    {
        if (threads < 1 || threads > 64)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be between 1 and 64");
        Threads = threads;
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.Length; i++)
        {
            var worker = new Worker(i + 1);
            worker.Thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"SourceGenNet worker {i + 1}" };
            workers[i] = worker;
            worker.Thread.Start(worker);
        }
    }

    /// <summary>Threads that share each operation, the caller included.</summary>
    public int Threads { get; }

    /// <summary>
    /// Bytes the worker threads have allocated so far, as of their last finished piece (each worker's
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which the caller's counter does not include).
    /// Read between operations; for the zero-allocation tests.
    /// </summary>
    internal long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            foreach (Worker worker in workers) sum += Volatile.Read(ref worker.AllocatedBytes);
            return sum;
        }
    }

    /// <summary>Stops and joins the worker threads. Using the team afterwards throws.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        job = Job.Stop;
        Release(++generation);
        foreach (Worker worker in workers) worker.Thread!.Join();
        foreach (Worker worker in workers) worker.Wake.Dispose();
    }

    /// <summary>Sets <paramref name="buffer"/> to zero, each thread clearing one contiguous piece.</summary>
    public void Clear(Span<float> buffer)
    {
        fixed (float* start = buffer)
        {
            y = start;
            length = buffer.Length;
            Run(Job.Clear);
        }
    }

    /// <summary>
    /// One optimizer step on the whole buffers: <see cref="Optimizer.BeginStep"/> on the caller, then each
    /// thread applies <see cref="Optimizer.ApplyRange"/> to one contiguous piece (its own parameters,
    /// gradients and state, which stay in its core's cache from step to step).
    /// </summary>
    public void Apply(Optimizer optimizer, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (parameters.Length != gradients.Length)
            throw new ArgumentException($"{parameters.Length} parameters but {gradients.Length} gradients.", nameof(gradients));
        optimizer.Build(parameters.Length);
        optimizer.BeginStep();
        fixed (float* p = parameters)
        fixed (float* g = gradients)
        {
            this.optimizer = optimizer;
            y = p;
            dy = g;
            length = parameters.Length;
            Run(Job.Optimizer);
        }
    }

    /// <summary>
    /// Copies rows <c>order[first + r]</c> (each <paramref name="width"/> floats) of <paramref name="source"/> to
    /// row r of <paramref name="destination"/>, for r in [0, <paramref name="rows"/>): a shuffled batch's gather,
    /// each thread copying a contiguous piece of the batch's rows.
    /// </summary>
    public void Gather(float[] source, int[] order, int first, int rows, int width, float[] destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(destination);
        if (first < 0 || rows < 0 || width < 0 || (long)first + rows > order.Length || (long)rows * width > destination.Length)
            throw new ArgumentOutOfRangeException(nameof(rows), $"rows [{first}, {first} + {rows}) of width {width} do not fit the order or the destination.");
        for (int r = 0; r < rows; r++)
            if ((uint)order[first + r] >= (uint)(source.Length / Math.Max(width, 1)))
                throw new ArgumentOutOfRangeException(nameof(order), order[first + r], "a row index is outside the source.");
        (gatherSource, gatherOrder, gatherDestination, gatherFirst) = (source, order, destination, first);
        (this.rows, this.cols) = (rows, width);
        try
        {
            Run(Job.Gather);
        }
        finally
        {
            (gatherSource, gatherOrder, gatherDestination) = (null, null, null);
        }
    }

    /// <summary>
    /// Forward split by K chunks (<see cref="DenseKernels.ForwardByChunks"/>): piece i takes group i of the chunks, the first
    /// group into <paramref name="y"/> with the bias, the others each chunk's partial sums into the team's buffer; then
    /// the caller adds those to y chunk by chunk, in order. The caller checked the sizes.
    /// </summary>
    internal void ForwardByChunks(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        (int chunk, int chunks) = DenseKernels.KChunks(inner, cols);
        int firstApart = ChunkGroup(chunks, 1).First;  // the first chunk whose partial sums are written apart
        int apart = (chunks - firstApart) * rows * cols;
        if (chunkPartials.Length < apart) chunkPartials = new float[apart];  // grows once, on the first step
        fixed (float* partials = chunkPartials)
        {
            dy = partials;
            RunForward(Job.ForwardByChunks, x, w, bias, y, rows, inner, cols);
        }
        Span<float> sums = y.Slice(0, rows * cols);
        for (int c = firstApart; c < chunks; c++)
            TensorPrimitives.Add(sums, chunkPartials.AsSpan((c - firstApart) * rows * cols, rows * cols), sums);
    }

    /// <summary>The K chunks of piece <paramref name="index"/>: whole chunks, in order; no piece is left without one while there are enough.</summary>
    internal (int First, int Count) ChunkGroup(int chunks, int index)
    {
        int groups = Math.Min(Threads, chunks);
        return index < groups ? Piece(chunks, groups, index, 1) : (chunks, 0);
    }

    /// <summary>Forward split by batch rows, in pieces of at least 4 rows; the caller checked the sizes.</summary>
    internal void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols) =>
        RunForward(Job.Forward, x, w, bias, y, rows, inner, cols);

    /// <summary>Runs a forward product's <paramref name="kind"/> of sharing with its buffers pinned.</summary>
    private void RunForward(Job kind, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        fixed (float* px = x)
        fixed (float* pw = w)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            this.x = px;
            this.w = pw;
            this.bias = pb;
            this.y = py;
            (this.rows, this.inner, this.cols) = (rows, inner, cols);
            Run(kind);
        }
    }

    /// <summary>
    /// Work the next shared kernel gradient (<see cref="ParameterGradients"/>) takes along: run once, by the thread of its
    /// last piece, after that piece's rows. Set just before the call; the kernel gradient takes it, so it is null again
    /// afterwards unless nothing took it (a product too small to share runs on the caller alone, and so must the work).
    /// </summary>
    internal ICarriedWork? CarriedWork;

    /// <summary>The work the running kernel gradient carries (see <see cref="CarriedWork"/>).</summary>
    private ICarriedWork? carried;

    /// <summary>
    /// Kernel gradient split by the kernel's rows (the inputs), bias gradient on the caller's piece, <see cref="CarriedWork"/>
    /// on the last piece; the caller checked the sizes.
    /// </summary>
    internal void ParameterGradients(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols, bool overwrite)
    {
        carried = CarriedWork;
        CarriedWork = null;
        fixed (float* px = x)
        fixed (float* pdy = dy)
        fixed (float* pw = wGrad)
        fixed (float* pb = biasGrad)
        {
            this.x = px;
            this.dy = pdy;
            this.w = pw;
            this.bias = pb;
            (this.rows, this.inner, this.cols, this.overwrite) = (rows, inner, cols, overwrite);
            try
            {
                Run(Job.ParameterGradients);
            }
            finally
            {
                carried = null;
            }
        }
    }

    /// <summary>
    /// The forward pass of <paramref name="samples"/> samples in chunks of <paramref name="chunk"/> (the last one
    /// shorter), as one thread runs it chunk after chunk, in one hand-off: each thread runs every layer on its own
    /// piece of the rows of every chunk (<see cref="RowPiece"/>), with its hidden activations in those same rows of
    /// the model's buffers. No layer waits for another thread, and each row goes through the kernel paths it takes
    /// on one thread, so the outputs are the same bits. The last, shorter chunk splits differently, so it is a
    /// second hand-off: its pieces reuse activation rows another thread may still be using for a full chunk.
    /// </summary>
    internal void ForwardChunks(IBatchForward model, ReadOnlySpan<float> inputs, Span<float> outputs, int samples, int chunk, int inputSize, int outputSize)
    {
        fixed (float* px = inputs)
        fixed (float* py = outputs)
        {
            x = px;
            y = py;
            (batchForward, inner, cols) = (model, inputSize, outputSize);
            try
            {
                int full = samples / chunk;
                if (full > 0)
                {
                    (chunksFirst, chunkRows, chunkCount) = (0, chunk, full);
                    Run(Job.ForwardChunks);
                }
                if (samples > full * chunk)
                {
                    (chunksFirst, chunkRows, chunkCount) = (full * chunk, samples - full * chunk, 1);
                    Run(Job.ForwardChunks);
                }
            }
            finally
            {
                batchForward = null;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the pieces of <paramref name="rows"/> rows that <see cref="RowPiece"/> gives each
    /// thread (a thread whose piece is empty does nothing): a training step's row-by-row part.
    /// </summary>
    internal void ForRows(IRowWork work, int rows)
    {
        rowWork = work;
        this.rows = rows;
        try
        {
            Run(Job.Rows);
        }
        finally
        {
            rowWork = null;
        }
    }

    /// <summary>
    /// Piece <paramref name="index"/> of <paramref name="parts"/> of a batch's <paramref name="rows"/> for kernels
    /// whose path depends on how many rows they get: every piece is empty, at least 4 rows (the outer-product
    /// path, as any batch of 4 or more takes) or, for a batch of fewer than 4, the whole batch (the row path, as on
    /// one thread). Fewer threads than <paramref name="parts"/> get rows when the batch is short.
    /// </summary>
    internal static (int Start, int Count) RowPiece(int rows, int parts, int index)
    {
        int used = Math.Clamp(rows / 4, 1, parts);
        return index < used ? Piece(rows, used, index, 4) : (0, 0);
    }

    /// <summary>
    /// Piece <paramref name="index"/> of <paramref name="parts"/> of [0, <paramref name="total"/>): boundaries
    /// are multiples of <paramref name="grain"/> (the last piece takes the remainder). With
    /// <c>total &gt;= grain * parts</c> every piece has at least <paramref name="grain"/> items.
    /// </summary>
    internal static (int Start, int Count) Piece(int total, int parts, int index, int grain)
    {
        int start = (int)((long)total * index / parts) / grain * grain;
        int end = index == parts - 1 ? total : (int)((long)total * (index + 1) / parts) / grain * grain;
        return (start, end - start);
    }

    private void Run(Job kind)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        job = kind;
        packedKernels = PackedKernels.Active;
        int current = ++generation;
        Release(current);

        Exception? mine = null;
        try
        {
            RunPiece(0);
            // Then every worker's piece that its worker has not claimed yet: a worker whose vCPU is busy elsewhere, or
            // that is still waking from its park, would otherwise hold up the whole operation while this thread waits.
            // A piece computes the same values whichever thread runs it, and exactly one thread claims each. In-process
            // A/B on 2 threads, training steps with another process busy on the second vCPU: 1.14x (322 -> 280 us);
            // with this VM's own noise: 1.03x (docs/benchmarks.md, sixth session).
            foreach (Worker worker in workers)
                if (worker.Claim(current))
                {
                    worker.TakenByCaller = current;
                    RunPiece(worker.Index);
                }
        }
        catch (Exception e)
        {
            mine = e;
        }

        foreach (Worker worker in workers)
        {
            if (worker.TakenByCaller == current) continue;
            var wait = new SpinWait();
            while (Volatile.Read(ref worker.Completed) != current) wait.SpinOnce(sleep1Threshold: -1);
        }
        job = Job.None;
        optimizer = null;
        packedKernels = null;
        if (mine is not null) ExceptionDispatchInfo.Throw(mine);
        Exception? failure = Interlocked.Exchange(ref workerFailure, null);
        if (failure is not null) throw new InvalidOperationException("A training worker thread failed.", failure);
    }

    /// <summary>Publishes generation <paramref name="current"/> to every worker and wakes the parked ones.</summary>
    private void Release(int current)
    {
        foreach (Worker worker in workers)
        {
            Volatile.Write(ref worker.Requested, current);
            Interlocked.MemoryBarrier(); // the write above before the read below (the worker does the mirror image)
            if (Volatile.Read(ref worker.Sleeping) != 0) worker.Wake.Set();
        }
    }

    private void RunPiece(int index)
    {
        int parts = Threads;
        switch (job)
        {
            case Job.Clear:
            {
                (int start, int count) = Piece(length, parts, index, 16);
                new Span<float>(y + start, count).Clear();
                break;
            }
            case Job.Optimizer:
            {
                (int start, int count) = Piece(length, parts, index, 16);
                optimizer!.ApplyRange(new Span<float>(y, length), new ReadOnlySpan<float>(dy, length), start, count);
                break;
            }
            case Job.Gather:
            {
                (int start, int count) = Piece(rows, parts, index, 1);
                RowGather.Rows(gatherSource, gatherOrder.AsSpan(gatherFirst + start, count), cols, gatherDestination.AsSpan(start * cols, count * cols));
                break;
            }
            case Job.Forward:
            {
                (int first, int count) = RowPiece(rows, parts, index);
                DenseKernels.Forward(SimdWidths.Hardware,
                    new ReadOnlySpan<float>(x + (nint)first * inner, count * inner), new ReadOnlySpan<float>(w, inner * cols),
                    new ReadOnlySpan<float>(bias, cols), new Span<float>(y + (nint)first * cols, count * cols), count, inner, cols);
                break;
            }
            case Job.ForwardByChunks:
            {
                (int chunk, int chunks) = DenseKernels.KChunks(inner, cols);
                (int first, int count) = ChunkGroup(chunks, index);
                var wholeX = new ReadOnlySpan<float>(x, rows * inner);
                var wholeW = new ReadOnlySpan<float>(w, inner * cols);
                if (first == 0)
                {
                    DenseKernels.ForwardSteps(SimdWidths.Hardware, wholeX, inner, wholeW, new ReadOnlySpan<float>(bias, cols),
                        new Span<float>(y, rows * cols), rows, cols, Math.Min(inner, count * chunk), chunk);
                    break;
                }
                int firstApart = ChunkGroup(chunks, 1).First;
                for (int c = first; c < first + count; c++)
                {
                    int k0 = c * chunk;
                    DenseKernels.ForwardSteps(SimdWidths.Hardware, wholeX.Slice(k0), inner, wholeW.Slice(k0 * cols), default,
                        new Span<float>(dy + (nint)(c - firstApart) * rows * cols, rows * cols), rows, cols, Math.Min(chunk, inner - k0), chunk);
                }
                break;
            }
            case Job.Rows:
            {
                (int first, int count) = RowPiece(rows, parts, index);
                if (count > 0) rowWork!.Rows(index, first, count);
                break;
            }
            case Job.ForwardChunks:
            {
                (int start, int count) = RowPiece(chunkRows, parts, index);
                if (count == 0) break;
                for (int c = 0; c < chunkCount; c++)
                {
                    nint row = chunksFirst + (nint)c * chunkRows + start;
                    batchForward!.ForwardRows(new ReadOnlySpan<float>(x + row * inner, count * inner), new Span<float>(y + row * cols, count * cols), count, start);
                }
                break;
            }
            case Job.ParameterGradients:
            {
                (int first, int count) = Piece(inner, parts, index, 8);
                DenseKernels.KernelGradientRows(SimdWidths.Hardware,
                    new ReadOnlySpan<float>(x, rows * inner), new ReadOnlySpan<float>(dy, rows * cols),
                    new Span<float>(w, inner * cols), rows, inner, cols, first, count, overwrite);
                if (index == 0)
                {
                    var dyAll = new ReadOnlySpan<float>(dy, rows * cols);
                    if (overwrite) DenseKernels.BiasGradient(dyAll, new Span<float>(bias, cols), rows, cols);
                    else DenseKernels.AccumulateBiasGradient(dyAll, new Span<float>(bias, cols), rows, cols);
                }
                if (index == parts - 1) carried?.Run();
                break;
            }
        }
    }

    private void WorkerLoop(object? state)
    {
        var me = (Worker)state!;
        int seen = 0;
        while (true)
        {
            seen = WaitForWork(me, seen);
            if (job == Job.Stop) return;
            BeforeClaim?.Invoke(me.Index);
            // A piece the caller has taken meanwhile is left alone (and so is any generation this worker was too late
            // for: the caller has finished it, and the operation's buffers may be gone).
            if (me.Claim(seen))
            {
                try
                {
                    using var kernels = new PackedKernels.Scope(packedKernels);
                    RunPiece(me.Index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref workerFailure, e, null);
                }
            }
            me.AllocatedBytes = GC.GetAllocatedBytesForCurrentThread();
            Volatile.Write(ref me.Completed, seen);
        }
    }

    /// <summary>Spins (yielding) until a generation other than <paramref name="seen"/> is requested, parking after <see cref="SpinTicks"/>.</summary>
    private static int WaitForWork(Worker me, int seen)
    {
        long parkAt = Stopwatch.GetTimestamp() + SpinTicks;
        var spin = new SpinWait();
        while (true)
        {
            int requested = Volatile.Read(ref me.Requested);
            if (requested != seen) return requested;
            if (Stopwatch.GetTimestamp() < parkAt)
            {
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            Volatile.Write(ref me.Sleeping, 1);
            Interlocked.MemoryBarrier(); // Sleeping = 1 before the re-check; Release writes Requested before reading Sleeping
            if (Volatile.Read(ref me.Requested) == seen) me.Wake.Wait();
            me.Wake.Reset();
            Volatile.Write(ref me.Sleeping, 0);
            parkAt = Stopwatch.GetTimestamp() + SpinTicks;
            spin = default;
        }
    }

    private enum Job
    {
        None,
        Stop,
        Clear,
        Optimizer,
        Forward,
        ParameterGradients,
        Gather,
        ForwardChunks,
        ForwardByChunks,
        Rows,
    }

    private sealed class Worker(int index)
    {
        public readonly int Index = index;

        /// <summary>The last generation whose piece a thread has claimed: the worker itself, or the caller.</summary>
        private int claimed;

        /// <summary>The last generation whose piece the caller ran; written and read by the caller only.</summary>
        public int TakenByCaller;

        /// <summary>
        /// Claims generation <paramref name="current"/>'s piece: true for the one thread that does. Every generation's
        /// piece is claimed before the caller moves on, so the previous one is always <paramref name="current"/> - 1.
        /// </summary>
        public bool Claim(int current) => Interlocked.CompareExchange(ref claimed, current, current - 1) == current - 1;

        public readonly ManualResetEventSlim Wake = new(false, spinCount: 0);
        public Thread? Thread;
        public int Requested;
        public int Completed;
        public int Sleeping;
        public long AllocatedBytes;
    }
}

/// <summary>A network's forward pass on some rows of a batch, on the calling thread: what <see cref="ThreadTeam.ForwardChunks"/> shares out.</summary>
internal interface IBatchForward
{
    /// <summary>Every layer for <paramref name="rows"/> samples, hidden activations in buffer rows [<paramref name="firstRow"/>, + rows).</summary>
    void ForwardRows(ReadOnlySpan<float> inputs, Span<float> outputs, int rows, int firstRow);
}

/// <summary>Work a shared kernel gradient takes along for the thread of its last piece (<see cref="ThreadTeam.CarriedWork"/>).</summary>
internal interface ICarriedWork
{
    /// <summary>The work, on that thread.</summary>
    void Run();
}

/// <summary>Work on some rows of a batch, on the calling thread: what <see cref="ThreadTeam.ForRows"/> shares out.</summary>
internal interface IRowWork
{
    /// <summary>Rows [<paramref name="first"/>, + <paramref name="count"/>), the piece of thread <paramref name="piece"/> (0 is the caller).</summary>
    void Rows(int piece, int first, int count);
}
