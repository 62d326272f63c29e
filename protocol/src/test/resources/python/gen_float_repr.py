"""Prints N doubles as '<IEEE-754 bits> <json.dumps(value)>'; usage: python3 gen_float_repr.py N SEED."""
import json, random, struct, sys
random.seed(int(sys.argv[2]))
n = int(sys.argv[1])
vals = []
def add(x): vals.append(x)
special = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1/3, 2/3, 1e16, 1e15, 9999999999999998.0, 1e17, 1e-4, 1e-5, 9.999e-5, 0.00011,
           123456789012345.0, 1234567890123456.0, 12345678901234567.0, 5e-324, 1e-323, 2.5e-323, 2.2250738585072014e-308,
           2.225073858507201e-308, 1.7976931348623157e308, 4.35, 0.000123, 1e22, 1e23, 9007199254740993.0, float(2**53), float(2**63), float(2**64),
           100.0, 1.5, 2.5e-10, 1e-7, 1.5e300, float('inf'), float('-inf')]
for s in special: add(s); add(-s)
while len(vals) < n:
    k = random.random()
    if k < 0.3:
        bits = random.getrandbits(64)
        x = struct.unpack('<d', struct.pack('<Q', bits))[0]
        if x != x: continue
    elif k < 0.5:
        x = round(random.uniform(-1e6, 1e6), random.randint(0, 8))
    elif k < 0.6:
        x = float(random.randint(-10**18, 10**18))
    elif k < 0.7:
        x = random.random() * 10 ** random.randint(-330, 308)
    elif k < 0.8:
        bits = random.getrandbits(52)  # subnormals
        x = struct.unpack('<d', struct.pack('<Q', bits))[0]
    elif k < 0.9:
        e = random.randint(-20, 22)
        x = float(f"{random.randint(1,999)}e{e}")
    else:
        x = float(random.randint(1, 10**random.randint(1,17))) / 10**random.randint(0, 20)
    add(x)
for x in vals:
    print(struct.unpack('<Q', struct.pack('<d', x))[0], json.dumps(x))
