"""dxplan: plain-text specs of a DX plan that compute themselves."""

__version__ = "0.1.0"
