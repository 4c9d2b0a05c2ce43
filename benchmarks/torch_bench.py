"""PyTorch (Debian's python3-torch) on the benchmark workload, and the ONNX export of the same network.

Same data as tests/Benchmarks/BenchData.cs: the first 48,000 training images of SOURCEGENNET_DATA, or the
shipped 600-image slice repeated to 48,000; pixels / 255. Same network (784 -> 100 relu -> 10, softmax
folded into the loss as torch does), Adam with Keras' defaults (lr 1e-3, betas 0.9/0.999, eps 1e-7),
batch 32, reshuffled every epoch, gathered per batch as Fit does. Prints `RESULT name value unit` lines.

usage: /usr/bin/python3 torch_bench.py train THREADS EPOCHS
       /usr/bin/python3 torch_bench.py export PATH.onnx
"""
import gzip
import os
import struct
import sys
import time

import torch

SAMPLES = 48_000
HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def load():
    directory = os.environ.get("SOURCEGENNET_DATA", "")
    if not (directory and os.path.exists(os.path.join(directory, "train-images-idx3-ubyte.gz"))):
        directory = os.path.join(HERE, "..", "tests", "TestData", "fashion-mnist-slice")
    images = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))
    index = torch.arange(SAMPLES) % images.shape[0]
    x = images[index].reshape(SAMPLES, 784).float() / 255.0
    y = labels[index].long()
    return x.contiguous(), y.contiguous()


def network():
    torch.manual_seed(1)
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))


def epoch(model, optimizer, loss_fn, x, y, generator):
    order = torch.randperm(SAMPLES, generator=generator)
    for first in range(0, SAMPLES, 32):
        index = order[first:first + 32]
        xb, yb = x[index], y[index]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
    return loss.item()


def train(threads, epochs):
    torch.set_num_threads(threads)
    x, y = load()
    model = network()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    epoch(model, optimizer, loss_fn, x, y, generator)  # warm-up
    seconds = []
    for e in range(epochs):
        start = time.perf_counter()
        last = epoch(model, optimizer, loss_fn, x, y, generator)
        seconds.append(time.perf_counter() - start)
        print(f"torch threads {threads} epoch {e + 1}: {seconds[-1]:.3f} s, last loss {last:.4f}", flush=True)
    seconds.sort()
    print(f"RESULT torch_t{threads}_epoch_s {seconds[len(seconds) // 2]!r} s", flush=True)


def export(path):
    model = torch.nn.Sequential(*network(), torch.nn.Softmax(dim=1)).eval()  # Keras keeps the softmax in the model
    torch.onnx.export(model, torch.zeros(1, 784), path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)
    print(f"wrote {path}")


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "export":
        export(sys.argv[2])
    else:
        sys.exit(__doc__)
