#!/usr/bin/python3
"""float16 and int64 arrays and numpy's own float32 conversion of them, for NpyTest.

half_values.npy:    float16, every class of half value (zeros, subnormals, normals, max, inf, nan)
half_as_f32.npy:    numpy's astype(float32) of the same values (the reference)
Run from this folder:  /usr/bin/python3 make_dtype_fixtures.py
"""
import numpy as np

bits = np.array([0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x3c00, 0xbc00, 0x3555, 0x7bff, 0xfbff,
                 0x7c00, 0xfc00, 0x7e00, 0x1234, 0x4248], dtype=np.uint16)
half = bits.view(np.float16).reshape(4, 4)
np.save("half_values.npy", half)
np.save("half_as_f32.npy", half.astype(np.float32))
print(half.astype(np.float32))
