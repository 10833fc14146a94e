# Regenerates hyp2f1_golden.txt: ln|2F1(a,b;c;z)| and its sign at 40 digits,
# computed by mpmath (Debian package python3-mpmath), the oracle for
# TestLog2F1Golden. Run: /usr/bin/python3 hyp2f1_golden.py > hyp2f1_golden.txt
import itertools
import mpmath

mpmath.mp.dps = 40
grid = itertools.product(
    [0.3, 1.5, 5.2, 20.7, -0.4],
    [0.25, 2.4, 12.1, -0.7],
    [0.8, 3.3, 15.6, 40.2],
    [0.1, 0.5, 0.85, 0.93, 0.99, 0.999],
)
# Arguments as the BTYD models use them (r, alpha, a, b, s, beta near the
# CDNOW fits; x up to 10,000; z near 1 for long horizons and young customers).
btyd = []
for x in [0, 1, 7, 60, 10000]:
    r, a, b = 0.243, 0.793, 2.426
    for z in [0.05, 0.47, 0.92, 0.995, 0.99999]:
        btyd.append((r + x, b + x, a + b + x - 1, z))
    r, s = 0.553, 0.606
    for z in [1e-3, 0.03, 0.6, 0.97, 0.9999]:
        btyd.append((r + s + x, r + x, r + s + x + 1, z))
        btyd.append((r + s + x, s + 1, r + s + x + 1, z))
# z within 1e-5 of 1, where the series gives up: c-a-b integer (A&S
# 15.3.10-12), within 1e-7 of an integer, and large parameters.
edge = [
    (1e-6, 1e-6, -0.999998, 0.9999999),
    (1e-6, 1e-6, -0.999998, 0.999999),
    (0.5, 0.7, 1.2, 0.999999),
    (0.5, 0.7, 3.2, 0.9999999),
    (2.5, 1.5, 3.0, 0.99999995),
    (0.25, 3.5, 0.75, 0.9999999),
    (0.5, 0.7, 2.2000001, 0.9999999),
    (1e6, 1e-6, 1e6 - 1, 0.9999999),
    (1.3, 0.4, 2.7, 0.999999),
]
print("# a b c z lnabsF sign")
for a, b, c, z in list(grid) + btyd + edge:
    f = mpmath.hyp2f1(mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(c), mpmath.mpf(z), maxterms=10**7)
    if f == 0:
        continue
    print(repr(a), repr(b), repr(c), repr(z), mpmath.nstr(mpmath.log(abs(f)), 25), 1 if f > 0 else -1)
