"""Writes type_cast.pt beside this script: the TorchScript module behind org.hares.model.layer.TypeCast.

DJL 0.36's PyTorch engine has no data-type code for bfloat16, so hares reaches it through this
two-method module. Run with Debian's python3-torch: /usr/bin/python3 make_type_cast.py
"""
import pathlib

import torch


class TypeCast(torch.nn.Module):
    def forward(self, x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        """x in the data type of like."""
        return x.to(like.dtype)

    @torch.jit.export
    def bfloat16(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)


if __name__ == "__main__":
    torch.jit.script(TypeCast()).save(str(pathlib.Path(__file__).with_name("type_cast.pt")))
