"""PyTorch's ``torch.nn.functional.kl_div`` semantics on numpy arrays, correctly rounded
(no torch dependency): ``from infocert.torch import kl_div``."""

from .scipy import torch_kl_div as kl_div

__all__ = ["kl_div"]
