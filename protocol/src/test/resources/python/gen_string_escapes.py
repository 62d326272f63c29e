"""Prints '<UTF-16 code units in hex>\t<json.dumps(s)>' for tricky strings; usage: python3 gen_string_escapes.py."""
import json

cases = [
    "", "plain ascii ~!@#$%^&*()_+`-={}[]|:;'<>?,./", "quote \" backslash \\ slash /",
    "h\u00e9llo w\u00f6rld", "\u2713 check", "\U0001F600 grin", "\U0001F680\U0001F389", "\u4e2d\u6587 \u65e5\u672c\u8a9e",
    "\u00a0nbsp \u00ad shy \u200b zwsp \u2028 ls \u2029 ps \ufeff bom \uffff",
    "\ud800 lone high", "lone low \udfff", "\U0010FFFF max",
    "tab\tnl\ncr\rbs\bff\f", "\x7f del \x80 c1 \x9f \xff",
    "caf\u0065\u0301 combining", "\U0001D11E clef",
] + ["".join(chr(c) for c in range(0, 32))] + [chr(c) for c in range(0, 32)]
for s in cases:
    units = s.encode("utf-16-be", "surrogatepass")
    hexes = " ".join(units[i:i + 2].hex() for i in range(0, len(units), 2))
    print(hexes + "\t" + json.dumps(s))
