"""Migration scripts `NNNN_name.py`; revision ids are the zero-padded numbers."""
