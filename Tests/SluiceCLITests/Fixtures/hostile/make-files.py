#!/usr/bin/env python3
"""Writes the small committed inputs of the hostile corpus into files/ (run from this folder).

Big or derived inputs (a 40 MB field, 100,000 columns, 10,000-deep JSON, a gzip bomb, a
trained model and bundle, truncated copies) are made at test time by HostileCorpusTests.
"""
import gzip, io, os, tarfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
os.makedirs(OUT, exist_ok=True)


def put(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def gz(data):
    if isinstance(data, str):
        data = data.encode()
    return gzip.compress(data, mtime=0)


rows = ["x,color,y"]
for i in range(40):
    rows.append(f"{i % 7 + 0.5 * (i % 3)},{['red', 'green', 'blue'][i % 3]},{1 if i % 7 > 3 else 0}")
ok = "\n".join(rows) + "\n"
put("ok.csv", ok)
put("ok.tsv", ok.replace(",", "\t"))
put("ok.csv.gz", gz(ok))
put("ok.jsonl", "".join('{"x": %s, "color": "%s", "y": %s}\n' % tuple(r.split(",")) for r in rows[1:]))

# Binary and encoding.
put("nul-field.csv", b"x,color,y\n1,re\x00d,0\n2,blue,1\n")
put("nul-header.csv", b"x,co\x00lor,y\n1,red,0\n")
put("nul-late.csv", (ok + "3,bl\x00ue,1\n").encode())
put("nul-only.csv", b"\x00\x00\x00\x00")
put("nul.tsv", b"x\tcolor\ty\n1\tr\x00d\t0\n")
put("nul.jsonl", b'{"x": 1, "color": "r\x00d", "y": 0}\n')
put("nul.csv.gz", gz(b"x,color,y\n1,re\x00d,0\n"))
put("bad-utf8.csv", b"x,color,y\n1,\xff,0\n")
put("overlong.csv", b"x,color,y\n1,\xc0\xaf,0\n")
put("surrogate.csv", b"x,color,y\n1,\xed\xa0\x80,0\n")
put("cut-utf8.csv", b"x,color,y\n1,caf\xc3")
put("latin1-header.csv", b"x,col\xf6r,y\n1,red,0\n")
put("bad-utf8.csv.gz", gz(b"x,color,y\n1,\xfe,0\n"))
put("utf16.csv", "x,color,y\n1,red,0\n".encode("utf-16"))
put("bom-start.csv", b"\xef\xbb\xbf" + ok.encode())
put("bom-middle.csv", b"x,color,y\n1,\xef\xbb\xbfred,0\n2,blue,1\n")
put("bom-header-middle.csv", b"x,\xef\xbb\xbfcolor,y\n1,red,0\n")
put("binary.csv", bytes(range(256)) * 4)

# Shape.
put("empty.csv", b"")
put("empty.jsonl", b"")
put("empty.csv.gz", gz(b""))
put("header-only.csv", "x,color,y\n")
put("header-only-nonl.csv", "x,color,y")
put("blank-lines.csv", "\n\n\n")
put("only-delims.csv", ",,,\n,,,\n")
put("dup-header.csv", "x,x,y\n1,2,0\n")
put("dup-header-target.csv", "x,y,y\n1,0,1\n")
put("empty-header.csv", "x,,y\n1,2,0\n")
put("space-header.csv", "x, ,y\n1,2,0\n")
put("few-fields.csv", "x,color,y\n1,red\n")
put("many-fields.csv", "x,color,y\n1,red,0,9\n")
put("unterminated.csv", 'x,color,y\n1,"red,0\n')
put("stray-quote.csv", 'x,color,y\n1,re"d,0\n')
put("text-after-quote.csv", 'x,color,y\n1,"red"x,0\n')
put("cr-only.csv", "x,color,y\r1,red,0\r2,blue,1\r")
put("one-column.csv", "y\n1\n0\n")
put("no-target.csv", "x,color\n1,red\n")
put("all-missing-x.csv", "x,color,y\n" + "".join(f",{c},{i % 2}\n" for i, c in enumerate(["red", "blue"] * 10)))
put("one-class.csv", "x,color,y\n" + "".join(f"{i},red,1\n" for i in range(20)))

# Numbers.
put("inf-nan.csv", "x,color,y\n" + "".join(f"{v},red,{i % 2}\n" for i, v in enumerate(
    ["1", "inf", "-inf", "Infinity", "+Infinity", "INF", "NaN", "nan", "-nan", "1.5", "2", "3"])))
put("out-of-range.csv", "x,color,y\n1,red,0\n1e400,blue,1\n2,red,0\n")
put("neg-out-of-range.csv", "x,color,y\n1,red,0\n-1e999,blue,1\n")
put("tiny.csv", "x,color,y\n1,red,0\n1e-400,blue,1\n2,red,1\n")
put("huge-int.csv", "x,color,y\n1,red,0\n99999999999999999999999999,blue,1\n")
put("hex.csv", "x,color,y\n0x10,red,0\n0x20,blue,1\n")
put("target-inf.csv", "x,color,y\n1,red,1.5\n2,blue,inf\n3,red,2\n")

# JSON Lines.
put("array.jsonl", '{"x": 1, "color": "red", "y": 0}\n[1, 2, 3]\n')
put("nested.jsonl", '{"x": {"a": 1}, "color": "red", "y": 0}\n')
put("dup-key.jsonl", '{"x": 1, "x": 2, "color": "red", "y": 0}\n')
put("trailing.jsonl", '{"x": 1, "color": "red", "y": 0} junk\n')
put("not-json.jsonl", "hello\n")
put("big-number.jsonl", '{"x": 1e400, "color": "red", "y": 0}\n')
put("bad-escape.jsonl", '{"x": 1, "color": "\\ud800", "y": 0}\n')

# Gzip.
good = gz(ok)
put("truncated.csv.gz", good[: len(good) // 2])
put("not-gzip.csv.gz", b"\x1f\x8bthis is not deflate data at all")
put("crc.csv.gz", good[:-8] + b"\x00\x00\x00\x00" + good[-4:])
put("garbage-after.csv.gz", good + b"garbage")

# Names that are Markdown, HTML or workflow commands (newlines quoted in CSV).
evil_header = '"## **big** <script>alert(1)</script>","a\n::pwned-command::x","|c|d|",y'
evil = evil_header + "\n" + "".join(f"{i},\"red\n::pwned-command::v\",<b>{i % 3}</b>,{i % 2}\n" for i in range(20))
put("evil-names.csv", evil)
put("evil-target.csv", 'x,"y\n::pwned-command::t"\n' + "".join(f"{i},{i % 2}\n" for i in range(20)))
put("evil-metrics.json", '{"accuracy": 0.9, "a\\n::pwned-command::m": 0.5, '
    '"<img src=x onerror=alert(1)>": 0.1, "| x |": 0.2, "`code`": 0.3}\n')
put("evil-rules.txt", "accuracy >= 0.5\n<img src=x onerror=alert(1)> >= 0.5\n| x | >= 0.1\n")
put("evil-schema.json", '{"columns": [{"name": "x\\n::pwned-command::s", "type": "integer"}]}\n')

# JSON documents.
put("not-json.json", "this is not json\n")
put("empty.json", "")
put("array.json", "[]\n")
put("null.json", "null\n")
put("string.json", '"model"\n')
put("object.json", "{}\n")
put("trailing.json", '{"a": 1} {"b": 2}\n')
put("dup-key.json", '{"a": 1, "a": 2}\n')
put("bad-utf8.json", b'{"a": "\xff"}\n')
put("nul.json", b'{"a": 1}\x00\n')
put("unterminated.json", '{"a": [1, 2,\n')
put("huge-number.json", '{"accuracy": 1e999}\n')
put("nan.json", '{"accuracy": NaN}\n')
put("lone-surrogate.json", '{"a": "\\udc00"}\n')

# Metrics documents.
put("params-huge.json", "{\"train\": {\"max_iter\": 1e300}}\n")
put("metrics-ok.json", '{"accuracy": 0.9, "roc_auc": 0.8, "meta": {"task": "binary"}}\n')
put("metrics-base.json", '{"accuracy": 0.8, "roc_auc": 0.7, "meta": {"task": "binary"}}\n')
put("metrics-string.json", '{"accuracy": "high"}\n')
put("metrics-null.json", '{"accuracy": null}\n')
put("metrics-bool.json", '{"accuracy": true}\n')

# Rules.
put("rules-ok.txt", "# fine\naccuracy >= 0.5\n")
put("rules-empty.txt", "")
put("rules-comments.txt", "# nothing\n\n")
put("rules-bad-op.txt", "accuracy => 0.5\n")
put("rules-no-value.txt", "accuracy >=\n")
put("rules-nan.txt", "accuracy >= nan\n")
put("rules-inf.txt", "accuracy >= inf\n")
put("rules-huge.txt", "accuracy >= 1e999\n")
put("rules-bad-baseline.txt", "accuracy >= baseline ^ 2\n")
put("rules-percent.txt", "accuracy >= baseline - 5%\n")
put("rules-nul.txt", b"accuracy >= 0.5\x00\n")
put("rules-bad-utf8.txt", b"accur\xffacy >= 0.5\n")
put("rules-unknown-metric.txt", "nope >= 0.5\n")

# Tar archives.
def tar(name, members, compress=True):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for info, data in members:
            info.mtime = 0
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    raw = buffer.getvalue()
    put(name, gz(raw) if compress else raw)


def member(path, data=b"hello\n", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(path)
    info.type = kind
    info.linkname = link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, (data if kind == tarfile.REGTYPE else None)


tar("tar-dotdot.tar.gz", [member("b-1/../../evil.txt")])
tar("tar-absolute.tar.gz", [member("/tmp/sluice-evil.txt")])
tar("tar-symlink.tar.gz", [member("b-1/model.json", kind=tarfile.SYMTYPE, link="/etc/passwd")])
tar("tar-hardlink.tar.gz", [member("b-1/a"), member("b-1/model.json", kind=tarfile.LNKTYPE, link="/etc/passwd")])
tar("tar-chardev.tar.gz", [member("b-1/dev", kind=tarfile.CHRTYPE)])
tar("tar-blockdev.tar.gz", [member("b-1/blk", kind=tarfile.BLKTYPE)])
tar("tar-fifo.tar.gz", [member("b-1/fifo", kind=tarfile.FIFOTYPE)])
tar("tar-dup.tar.gz", [member("b-1/a"), member("b-1/a")])
tar("tar-empty.tar.gz", [])
tar("tar-plain.tar", [member("b-1/a")], compress=False)
put("tar-not-gzip.tar.gz", b"PK\x03\x04 this is a zip, not a gzip")
# A header declaring an 8 GiB member that the stream does not hold.
info, _ = member("b-1/model.json", b"")
header = bytearray(info.tobuf(format=tarfile.USTAR_FORMAT))
header[124:136] = b"77777777777\x00"
checksum = sum(header[:148]) + 8 * 32 + sum(header[156:])
header[148:156] = b"%06o\x00 " % checksum
put("tar-huge-size.tar.gz", gz(bytes(header) + b"\x00" * 1024))
# A header whose checksum is wrong.
bad = bytearray(header)
bad[148:156] = b"000000\x00 "
put("tar-bad-checksum.tar.gz", gz(bytes(bad) + b"\x00" * 1024))
# A base-256 size field (GNU) holding a negative number.
neg = bytearray(header)
neg[124:136] = b"\xff" * 12
checksum = sum(neg[:148]) + 8 * 32 + sum(neg[156:])
neg[148:156] = b"%06o\x00 " % checksum
put("tar-negative-size.tar.gz", gz(bytes(neg) + b"\x00" * 1024))
put("tar-garbage.tar.gz", gz(b"\x01" * 2048))
