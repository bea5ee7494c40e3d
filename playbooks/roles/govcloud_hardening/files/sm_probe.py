"""Which of SM2, SM3, SM4 the host's libcrypto offers (SEC-6; GB/T 22239-2019 8.1.4.8).

Runs on the managed host with its own python3 and no third-party module: the role and the compliance
suite both send this file, so the probe is written once. Prints one JSON object.
"""

import ctypes
import ctypes.util
import json
import sys

PROBES = {
    "SM3": ("EVP_get_digestbyname", b"SM3"),
    "SM4": ("EVP_get_cipherbyname", b"SM4-CBC"),
}


def _libcrypto():
    name = ctypes.util.find_library("crypto") or "libcrypto.so.3"
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def _has(lib, algorithm):
    if algorithm == "SM2":
        lib.OBJ_sn2nid.restype = ctypes.c_int
        lib.EC_GROUP_new_by_curve_name.restype = ctypes.c_void_p
        nid = lib.OBJ_sn2nid(b"SM2")
        group = lib.EC_GROUP_new_by_curve_name(nid) if nid else None
        if group:
            lib.EC_GROUP_free(ctypes.c_void_p(group))
        return bool(group)
    function, name = PROBES[algorithm]
    getattr(lib, function).restype = ctypes.c_void_p
    return bool(getattr(lib, function)(name))


def main(wanted):
    lib = _libcrypto()
    if lib is None:
        print(json.dumps({"library": None, "available": [], "missing": wanted}))
        return
    lib.OpenSSL_version.restype = ctypes.c_char_p
    version = lib.OpenSSL_version(0).decode()
    available = [a for a in wanted if a in ("SM2", *PROBES) and _has(lib, a)]
    missing = [a for a in wanted if a not in available]
    print(json.dumps({"library": version, "available": available, "missing": missing}))


main(sys.argv[1:])
