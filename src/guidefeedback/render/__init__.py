"""Writers: every output file is made here, from plain data, atomically."""
