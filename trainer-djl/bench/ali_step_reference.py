#!/usr/bin/python3
"""PyTorch reference for `./ali bench train` (a measuring stick, NOT part of the product).

Mirrors the ALI training step of `dev.ali4j.trainer` for architecture "gray28"
(1x28x28 images in [-1, 1], latent d = 64) in eager PyTorch on the CPU, so that the
images/s of the DJL trainer can be compared with a plain PyTorch loop doing the
same work. Nothing in ali4j imports or ships this file.

Run with Debian's interpreter (torch + numpy from apt):
    /usr/bin/python3 trainer-djl/bench/ali_step_reference.py --threads 4

Prints ONE line of JSON to stdout:
    {"peer": "pytorch <version> eager", "threads": N, "batch": B, "steps": S,
     "seconds": t, "images_per_second": S*B/t, "d_loss": ..., "ge_loss": ...,
     "parameters": trainable parameters of E, G and D}

Model (LeakyReLU slope 0.2 everywhere; BatchNorm momentum 0.1, eps 1e-5):
  E: Conv(1,32,k3,s1,p1) BN LReLU; Conv(32,64,k4,s2,p1) BN LReLU;
     Conv(64,128,k4,s2,p1) BN LReLU; Flatten; Linear(6272,512) BN LReLU; Linear(512,128) -> mu | bounded log_sigma
  G: Linear(64,6272) BN1d LReLU; view(128,7,7); Conv(128,256,k3,p1) PixelShuffle(2)
     BN(64) LReLU; Conv(64,128,k3,p1) PixelShuffle(2) BN(32) LReLU; Conv(32,1,k3,p1) Tanh
  D(x,z): x: Conv(1,32,k4,s2,p1) LReLU Drop(0.2); Conv(32,64,k4,s2,p1) LReLU Drop(0.2); Flatten
          z: Linear(64,512) LReLU Drop(0.2); Linear(512,512) LReLU Drop(0.2)
          joint: concat(3648) Linear(3648,1024) LReLU Drop(0.2); Linear(1024,1024) LReLU Drop(0.2);
                 Linear(1024,1) -> logit
Init: conv/linear weights N(0, 0.01), biases 0; BatchNorm gamma 1, beta 0 (as DJL does for
its GAMMA/BETA parameters, which a WEIGHT-type initializer leaves alone).
Step: D phase on detached encoder/generator outputs, then E+G phase through a frozen D,
Adam(lr 2e-4, betas (0.5, 0.999), eps 1e-8), everything in train mode.
"""

import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LATENT = 64
SLOPE = 0.2
BN_MOMENTUM = 0.1
BN_EPS = 1e-5
DROPOUT = 0.2


def lrelu():
    return nn.LeakyReLU(SLOPE)


def bn1d(c):
    return nn.BatchNorm1d(c, eps=BN_EPS, momentum=BN_MOMENTUM)


def bn2d(c):
    return nn.BatchNorm2d(c, eps=BN_EPS, momentum=BN_MOMENTUM)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, 1, 1), bn2d(32), lrelu(),
            nn.Conv2d(32, 64, 4, 2, 1), bn2d(64), lrelu(),     # 14x14
            nn.Conv2d(64, 128, 4, 2, 1), bn2d(128), lrelu(),   # 7x7
            nn.Flatten(),                                      # 6272
            nn.Linear(128 * 7 * 7, 512), bn1d(512), lrelu(),
            nn.Linear(512, 2 * LATENT),
        )

    def forward(self, x):
        h = self.body(x)
        # LogSigmaBound: c + h tanh((r - c) / h) with c = -2, h = 3, i.e. log-sigma in (-5, 1).
        return h[:, :LATENT], -2.0 + 3.0 * torch.tanh((h[:, LATENT:] + 2.0) / 3.0)


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(
            nn.Linear(LATENT, 128 * 7 * 7),
            nn.BatchNorm1d(128 * 7 * 7, eps=BN_EPS, momentum=BN_MOMENTUM),
            lrelu(),
        )
        self.body = nn.Sequential(
            nn.Conv2d(128, 256, 3, 1, 1), nn.PixelShuffle(2),  # 64x14x14
            bn2d(64), lrelu(),
            nn.Conv2d(64, 128, 3, 1, 1), nn.PixelShuffle(2),   # 32x28x28
            bn2d(32), lrelu(),
            nn.Conv2d(32, 1, 3, 1, 1),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.body(self.fc(z).view(-1, 128, 7, 7))


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.x_branch = nn.Sequential(
            nn.Conv2d(1, 32, 4, 2, 1), lrelu(), nn.Dropout(DROPOUT),   # 14x14
            nn.Conv2d(32, 64, 4, 2, 1), lrelu(), nn.Dropout(DROPOUT),  # 7x7
            nn.Flatten(),                                              # 3136
        )
        self.z_branch = nn.Sequential(
            nn.Linear(LATENT, 512), lrelu(), nn.Dropout(DROPOUT),
            nn.Linear(512, 512), lrelu(), nn.Dropout(DROPOUT),
        )
        self.joint = nn.Sequential(
            nn.Linear(64 * 7 * 7 + 512, 1024), lrelu(), nn.Dropout(DROPOUT),
            nn.Linear(1024, 1024), lrelu(), nn.Dropout(DROPOUT),
            nn.Linear(1024, 1),
        )

    def forward(self, x, z):
        return self.joint(torch.cat([self.x_branch(x), self.z_branch(z)], dim=1))


def init_weights(module):
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.normal_(module.weight, 0.0, 0.01)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)


def warn_if_reference_blas():
    """Debian's torch links libblas.so.3, which resolves to netlib's unoptimized reference
    BLAS unless OpenBLAS/BLIS is installed; the Linear layers then dominate and the peer
    is several times slower than it should be. Say so on stderr (stdout stays one line)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.split()[-1]}
    except OSError:
        return
    real = {os.path.realpath(lib) for lib in libs}
    if any("/blas/libblas.so" in lib for lib in real):
        print("ali_step_reference: warning: torch is using the reference (netlib) BLAS "
              "(%s); install libopenblas0-pthread for a fair peer" % ", ".join(sorted(real)),
              file=sys.stderr)


def set_requires_grad(params, flag):
    for p in params:
        p.requires_grad_(flag)


def ali_step(enc, gen, dis, opt_d, opt_ge, x, z):
    """One ALI step; returns (loss_d, loss_ge) as detached tensors."""
    mu, log_sigma = enc(x)
    zx = mu + torch.exp(log_sigma) * torch.randn_like(mu)
    xg = gen(z)

    # D phase: real pairs (x, E(x)) labelled 1, fake pairs (G(z), z) labelled 0.
    a = dis(x, zx.detach())
    b = dis(xg.detach(), z)
    loss_d = torch.mean(F.softplus(-a) + F.softplus(b))
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()

    # E/G phase through a frozen D, with flipped labels.
    d_params = list(dis.parameters())
    set_requires_grad(d_params, False)
    a = dis(x, zx)
    b = dis(xg, z)
    loss_ge = torch.mean(F.softplus(a) + F.softplus(-b))
    loss_ge.backward()
    opt_ge.step()
    opt_ge.zero_grad()
    set_requires_grad(d_params, True)
    return loss_d.detach(), loss_ge.detach()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--steps", type=int, default=30, help="timed steps")
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    ap.add_argument("--threads", type=int, default=torch.get_num_threads())
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.batch < 2 or args.steps < 1 or args.warmup < 0 or args.threads < 1:
        ap.error("need --batch >= 2 (batch norm), --steps >= 1, --warmup >= 0, --threads >= 1")

    warn_if_reference_blas()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)

    enc, gen, dis = Encoder(), Generator(), Discriminator()
    for m in (enc, gen, dis):
        m.apply(init_weights)
        m.train()
    adam = dict(lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(dis.parameters(), **adam)
    opt_ge = torch.optim.Adam(list(enc.parameters()) + list(gen.parameters()), **adam)

    # Random data prepared up front: data loading is not part of the measurement.
    total = args.warmup + args.steps
    xs = [torch.rand(args.batch, 1, 28, 28) * 2 - 1 for _ in range(total)]
    zs = [torch.randn(args.batch, LATENT) for _ in range(total)]

    for i in range(args.warmup):
        ali_step(enc, gen, dis, opt_d, opt_ge, xs[i], zs[i])

    t0 = time.perf_counter()
    for i in range(args.warmup, total):
        loss_d, loss_ge = ali_step(enc, gen, dis, opt_d, opt_ge, xs[i], zs[i])
    seconds = time.perf_counter() - t0

    print(json.dumps({
        "peer": "pytorch %s eager" % torch.__version__,
        "threads": args.threads,
        "batch": args.batch,
        "steps": args.steps,
        "seconds": seconds,
        "images_per_second": args.steps * args.batch / seconds,
        "d_loss": loss_d.item(),
        "ge_loss": loss_ge.item(),
        # Trainable parameters of E, G and D: ali4j checks it against its own network.
        "parameters": sum(p.numel() for m in (enc, gen, dis) for p in m.parameters()),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
