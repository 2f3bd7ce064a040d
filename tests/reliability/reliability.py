#!/usr/bin/env python3
"""The reliability suite: hostile input and hostile clients against the real binary, on loopback.

Each probe reproduces a failure a reliability review found (issue #14) and asserts the behaviour
that replaced it: the server stays up and /health stays fast under nesting bombs, idle and
byte-dripping connections, huge names and oversized chunked bodies; paths and fields that are not
clean UTF-8 are refused naming the part; numbers out of range are refused; rule expressions too deep
or too long are refused by lint with file:line:col; poisoned list files are refused with the list
store unchanged. Bounded in time (about half a minute); Python's standard library only.

Usage: reliability.py EXPORTCTL SOURCE_DIR TEST_DATA_DIR
"""
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

EXPORTCTL, SOURCE, TEST_DATA = sys.argv[1], sys.argv[2], sys.argv[3]
HOME = tempfile.mkdtemp(prefix="exportctl-reliability-")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*args, **kw):
    return subprocess.run([EXPORTCTL, "--home", HOME, *args], capture_output=True, text=True, timeout=120, **kw)


# ---- the server -----------------------------------------------------------------------------
server = subprocess.Popen([EXPORTCTL, "--home", HOME, "serve", "--port", "0", "--threads", "2", "--no-smoke",
                           "--web-dir", "/nonexistent"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
m = re.match(r"listening on http://([\d.]+):(\d+)", line)
if not m:
    print("server did not start:", line, server.stderr.read(), file=sys.stderr)
    sys.exit(1)
HOST, PORT = m.group(1), int(m.group(2))


def raw(request: bytes, timeout=10.0):
    """Sends raw bytes; returns (status, headers text, body) of the answer, or (0, '', '')."""
    with socket.create_connection((HOST, PORT), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = re.search(rb"(?i)content-length: (\d+)", head)
                if length and len(body) >= int(length.group(1)):
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head[9:12]) if head.startswith(b"HTTP/1.") else 0
    return status, head.decode("latin-1"), body


def request(method, path, body=None, headers=None):
    payload = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", f"Content-Length: {len(payload)}", "Connection: close",
             "Content-Type: application/json"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    status, _, answer = raw(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
    try:
        return status, json.loads(answer or b"null")
    except ValueError:
        return status, answer


def health_ms():
    start = time.perf_counter()
    status, _ = request("GET", "/health")
    return (time.perf_counter() - start) * 1000, status


def alive(after):
    ms, status = health_ms()
    check(status == 200 and server.poll() is None, f"server alive after {after} (/health {status} in {ms:.1f} ms)")


def field_of(answer):
    return answer.get("error", {}).get("field") if isinstance(answer, dict) else None


# ---- nesting bombs and huge text ---------------------------------------------------------------
bomb = b"[" * 100000 + b"]" * 100000
for path in ("/v1/check", "/v1/check/batch", "/v1/classify"):
    status, answer = request("POST", path, bomb)
    check(status == 400, f"a 100,000-deep JSON array on {path} is a 400 ({status})")
alive("nesting bombs")
obj_bomb = b'{"a":' * 50000 + b"1" + b"}" * 50000
status, _ = request("POST", "/v1/check", obj_bomb)
check(status == 400, f"a 50,000-deep JSON object is a 400 ({status})")

for path, body, field in (("/v1/check", {"chip": "H20", "destination": "CN", "end_user": "A" * 1_000_000}, "end_user"),
                          ("/v1/screen", {"name": "B" * 1_000_000}, "name")):
    start = time.perf_counter()
    status, answer = request("POST", path, body)
    ms = (time.perf_counter() - start) * 1000
    check(status == 400 and field_of(answer) == field and ms < 1000,
          f"a 1 MB {field} on {path} is refused at once naming `{field}` ({status}, {ms:.0f} ms)")
status, _ = request("POST", "/v1/check", b'{"chip":"H20","destination":"CN","end_user":"' + b"x" * 2_000_000 + b'"}')
check(status == 413, f"a 2 MB body is a 413 ({status})")
alive("huge text")

# ---- numbers and text that are not what they claim ----------------------------------------------
for quantity in ("1e308", "9223372036854775808", "-5", "1.5"):
    status, answer = request("POST", "/v1/check",
                             f'{{"chip":"H20","destination":"CN","as_of":"2025-05-01","quantity":{quantity}}}'.encode())
    check(status == 400 and field_of(answer) == "quantity", f"quantity {quantity} is refused naming the field ({status})")
status, answer = request("POST", "/v1/check", {"chip": "H20\u0000x", "destination": "CN", "as_of": "2025-05-01"})
check(status == 400 and field_of(answer) == "chip", f"a NUL inside the chip name is refused naming `chip` ({status})")
status, answer = request("POST", "/v1/check", b'{"chip":"H2\xff\xfe","destination":"CN"}')
check(status == 400, f"invalid UTF-8 inside a JSON body is a 400 ({status})")
for path in ("/v1/catalog/%ff%fe", "/v1/catalog/H20%00", "/v1/rules/files/%c0%af"):
    status, answer = request("GET", path)
    check(status == 400 and field_of(answer) == "path", f"GET {path} is a 400 naming the path ({status})")
status, answer = request("GET", "/v1/lab/design?chip=H20&to=%ff")
check(status == 400 and field_of(answer) == "to", f"a query value that is not UTF-8 is a 400 naming it ({status})")
status, answer = request("POST", "/v1/screen", {"name": "Huawei", "lists": ["no-such-list"]})
check(status in (400, 404) and "no-such-list" in json.dumps(answer), f"an unknown list id is an error, never an empty screen ({status})")

# ---- bodies held to the limit while read -------------------------------------------------------
status, _, _ = raw(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 268435456\r\n\r\n")
check(status == 413, f"a declared 256 MiB body is refused before it is sent ({status})")


def chunked_upload():
    """Sends a 256 MiB chunked body while watching for the answer; returns (status, bytes sent)."""
    s = socket.create_connection((HOST, PORT), timeout=10)
    s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
    chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
    sent, answer = 0, b""
    s.setblocking(False)
    while sent < 256 << 20:
        try:
            answer += s.recv(65536)
            if answer:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
        try:
            sent += s.send(chunk)
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            break
    s.setblocking(True)
    s.settimeout(5)
    try:
        while b"\r\n\r\n" not in answer:
            more = s.recv(65536)
            if not more:
                break
            answer += more
    except OSError:
        pass
    s.close()
    return (int(answer[9:12]) if answer.startswith(b"HTTP/1.") else 0), sent


status, sent = chunked_upload()
check(status == 413 and sent < 16 << 20, f"a 256 MiB chunked body is a 413 after {sent >> 20} MiB sent (limit 1 MiB)")
alive("an oversized chunked body")

# ---- idle and dripping connections ---------------------------------------------------------------
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
idle = []
for _ in range(min(1000, hard - 200)):
    idle.append(socket.create_connection((HOST, PORT)))
drippers = [socket.create_connection((HOST, PORT)) for _ in range(100)]
for d in drippers:
    d.sendall(b"GET /health HTTP/1.1\r\nHo")
stop_drip = threading.Event()


def drip():
    while not stop_drip.is_set():
        for d in drippers:
            try:
                d.send(b"x")
            except OSError:
                pass
        time.sleep(0.1)


dripper = threading.Thread(target=drip)
dripper.start()
time.sleep(0.2)
timings = []
for _ in range(30):
    ms, status = health_ms()
    timings.append(ms if status == 200 else 10_000)
stop_drip.set()
dripper.join()
p50, worst = statistics.median(timings), max(timings)
print(f"     /health with {len(idle)} idle and {len(drippers)} dripping connections open: "
      f"p50 {p50:.1f} ms, max {worst:.1f} ms (target 50 ms)")
check(worst < 1000, f"/health answers every time with {len(idle)} idle and {len(drippers)} dripping connections open")
# The header deadline (5 s) cuts the drippers off; nothing of theirs reached a handler.
time.sleep(5.5)
closed = 0
for d in drippers:
    d.settimeout(0.5)
    try:
        data = d.recv(100)
        closed += data == b"" or data.startswith(b"HTTP/1.1 4")
    except socket.timeout:
        pass
    except OSError:
        closed += 1
check(closed == len(drippers), f"every dripping connection was cut off by the header deadline ({closed}/{len(drippers)})")
for s in idle + drippers:
    s.close()
alive("1,000 idle connections")

# ---- CPU-heavy routes need a token and run one at a time ------------------------------------------
status, answer = request("POST", "/v1/lab/whatif", {"files": {}})
check(status == 401 and field_of(answer) == "token", f"what-if without a token is a 401 ({status})")

# ---- rule expressions too deep or too long: lint refuses with file:line:col -----------------------
rules = os.path.join(HOME, "rules")
shutil.copytree(os.path.join(SOURCE, "data", "rules"), rules)
target = os.path.join(rules, "us", "classification.toml")
text = open(target, encoding="utf-8").read()
for name, expression in (("10,000 nested parentheses", "(" * 10000 + "tpp >= 4800" + ")" * 10000),
                         ("a 5,000-long `not` chain", "not " * 5000 + "tpp >= 4800"),
                         ("a flat 50,000-term `and`", " and ".join(["tpp >= 4800"] * 50000))):
    open(target, "w", encoding="utf-8").write(re.sub(r'^when = ".*"$', lambda _: "when = " + json.dumps(expression),
                                                     text, count=1, flags=re.M))
    start = time.perf_counter()
    result = run("rules", "lint", rules)
    ms = (time.perf_counter() - start) * 1000
    check(result.returncode == 3 and re.search(r"classification\.toml:\d+:\d+", result.stderr) is not None,
          f"lint refuses {name} with file:line:col in {ms:.0f} ms (exit {result.returncode})")
open(target, "w", encoding="utf-8").write("a." * 60000 + "b = 1\n")
result = run("rules", "lint", rules)
check(result.returncode == 3 and "classification.toml:1" in result.stderr,
      f"lint refuses a 60,000-segment dotted key naming the file and line (exit {result.returncode})")

# ---- poisoned list files change nothing -------------------------------------------------------------
sdn = os.path.join(TEST_DATA, "lists", "ofac", "sdn-2024-05-03.csv")
result = run("lists", "import", "--source", "sdn", sdn)
check(result.returncode == 0, "the real SDN file imports")
before = run("lists", "status").stdout
original = open(sdn, "rb").read()
poisons = {
    "nul.csv": original[:5000] + b"\x00" + original[5000:],
    "latin1.csv": original[:5000] + b"\xe9t\xe9" + original[5000:],
    "truncated.csv": original[: len(original) // 2],
    "shrunk.csv": b"\n".join(original.split(b"\n")[:1000]) + b"\n",
}
un = os.path.join(TEST_DATA, "lists", "un", "UN_consolidated.xml")
for name, data in poisons.items():
    path = os.path.join(HOME, name)
    open(path, "wb").write(data)
    result = run("lists", "import", "--source", "sdn", path)
    check(result.returncode != 0 and name in result.stderr, f"lists import refuses {name} naming the file (exit {result.returncode})")
result = run("lists", "import", "--source", "sdn", un)
check(result.returncode != 0, f"lists import refuses the UN XML given as --source sdn (exit {result.returncode})")
check(run("lists", "status").stdout == before, "the list store is unchanged after every refused import")
result = run("screen", "--saved", "../../escape", "Huawei")
check(result.returncode != 0 and not os.path.exists(os.path.join(HOME, "..", "..", "escape")),
      "a saved-result name cannot leave the home directory")

alive("the whole suite")
server.terminate()
try:
    server.wait(timeout=10)
    check(server.returncode == 0, f"the server stops cleanly on SIGTERM (exit {server.returncode})")
except subprocess.TimeoutExpired:
    server.kill()
    check(False, "the server stops within 10 s of SIGTERM")
shutil.rmtree(HOME, ignore_errors=True)
print(f"{len(failures)} failed" if failures else "reliability: all probes passed")
sys.exit(1 if failures else 0)
