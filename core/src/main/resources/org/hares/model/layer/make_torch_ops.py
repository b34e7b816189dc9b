"""Writes torch_ops.pt beside this script: the TorchScript module behind org.hares.model.layer.TorchOps.

DJL 0.36's PyTorch engine reaches neither bfloat16 (it has no data-type code for it), the
channels-last memory format, the tanh form of gelu (its gelu is the erf form) nor a view of a
channels-last tensor's memory; libtorch has all four, so hares calls them through this module.
Run with Debian's python3-torch: /usr/bin/python3 make_torch_ops.py
"""
import pathlib

import torch


class TorchOps(torch.nn.Module):
    def forward(self, x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        """x in the data type of like."""
        return x.to(like.dtype)

    @torch.jit.export
    def bfloat16(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)

    @torch.jit.export
    def channels_last(self, x: torch.Tensor) -> torch.Tensor:
        """x (4-D) laid out as NHWC in memory, same shape."""
        return x.contiguous(memory_format=torch.channels_last)

    @torch.jit.export
    def empty_like(self, x: torch.Tensor) -> torch.Tensor:
        """An uninitialised tensor of x's shape, data type and memory format."""
        return torch.empty_like(x)

    @torch.jit.export
    def storage_view(self, x: torch.Tensor) -> torch.Tensor:
        """x's elements as a 1-D view of its memory in memory order, or an empty tensor unless x is
        dense (contiguous or channels-last)."""
        if x.is_contiguous() or x.is_contiguous(memory_format=torch.channels_last):
            return x.as_strided([x.numel()], [1])
        return torch.empty([0], dtype=x.dtype)

    @torch.jit.export
    def gelu_tanh(self, x: torch.Tensor, scale: float) -> torch.Tensor:
        """scale * gelu(x), tanh approximation, as a new tensor in one pass (plus the scaling)."""
        y = torch.nn.functional.gelu(x, approximate="tanh")
        if scale != 1.0:
            y.mul_(scale)
        return y


if __name__ == "__main__":
    torch.jit.script(TorchOps()).save(str(pathlib.Path(__file__).with_name("torch_ops.pt")))
