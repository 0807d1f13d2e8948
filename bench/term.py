"""A program in a real pseudo-terminal, and a small VT100/xterm screen to read what it drew.

`Pty` starts a command on a pty of COLSxROWS (the size is set before exec, so the program sees
it from its first call), feeds everything the program writes into `Screen`, and keeps the
time of each read, so "when did X appear on screen" is the time of the read that made it
appear. `Screen` understands what ratatui/crossterm and ncurses (TERM=xterm-256color) write:
cursor addressing, erase, scroll regions, insert/delete, REP, DEC line drawing, the alternate
screen; it ignores colours and modes. It answers the cursor-position and device-attribute queries.
"""
import codecs
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
import unicodedata


def char_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.reset()
        self.replies = []       # bytes to send back to the program (query answers)
        self.app_cursor = False  # DECCKM: cursor keys send ESC O x

    def reset(self):
        self.grid = [[" "] * self.cols for _ in range(self.rows)]
        self.x = self.y = 0
        self.top, self.bottom = 0, self.rows - 1
        self.wrap_pending = False
        self.saved = (0, 0)
        self.last = " "
        self.g0_dec = False      # ESC ( 0: DEC Special Graphics (ncurses' ACS, kabar's rules)
        self.state = "ground"
        self.params = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    # -- text access --------------------------------------------------------------------
    def line(self, y):
        return "".join(c for c in self.grid[y] if c is not None)

    def text(self):
        return "\n".join(self.line(y) for y in range(self.rows))

    # -- output -------------------------------------------------------------------------
    def feed(self, data):
        for ch in self.decoder.decode(data):
            self.put(ch)

    def put(self, ch):
        st = self.state
        if st == "ground":
            o = ord(ch)
            if o >= 0x20 and o != 0x7f:
                self.printable(ch)
            elif ch == "\x1b":
                self.state = "esc"
            else:
                self.control(ch)
        elif st == "esc":
            if ch == "[":
                self.state, self.params = "csi", ""
            elif ch == "]":
                self.state = "osc"
            elif ch in "P_^X":
                self.state = "str"
            elif ch == "(":
                self.state = "g0"
            elif ch in ")*+-./#%":
                self.state = "charset"
            else:
                self.state = "ground"
                self.escape(ch)
        elif st == "csi":
            if "\x40" <= ch <= "\x7e":
                self.state = "ground"
                self.csi(self.params, ch)
            elif ch == "\x1b":
                self.state = "esc"
            else:
                self.params += ch
        elif st in ("osc", "str"):
            if ch == "\x07":
                self.state = "ground"
            elif ch == "\x1b":
                self.state = "st"
        elif st == "st":
            self.state = "ground" if ch == "\\" else ("st" if ch == "\x1b" else "osc")
        elif st == "charset":
            self.state = "ground"
        elif st == "g0":
            self.state = "ground"
            self.g0_dec = ch == "0"

    def control(self, ch):
        if ch == "\r":
            self.x, self.wrap_pending = 0, False
        elif ch in "\n\x0b\x0c":
            self.linefeed()
        elif ch == "\b":
            self.x, self.wrap_pending = max(0, self.x - 1), False
        elif ch == "\t":
            self.x = min(self.cols - 1, (self.x // 8 + 1) * 8)

    def linefeed(self):
        self.wrap_pending = False
        if self.y == self.bottom:
            self.scroll_up(1)
        elif self.y < self.rows - 1:
            self.y += 1

    DEC_GRAPHICS = {"q": "─", "x": "│", "l": "┌", "k": "┐", "m": "└", "j": "┘", "t": "├",
                    "u": "┤", "w": "┬", "v": "┴", "n": "┼"}

    def printable(self, ch):
        if self.g0_dec:
            ch = self.DEC_GRAPHICS.get(ch, ch)
        w = char_width(ch)
        if w == 0:
            return
        if self.wrap_pending:
            self.x, self.wrap_pending = 0, False
            self.linefeed()
        if self.x + w > self.cols:
            self.x = 0
            self.linefeed()
        row = self.grid[self.y]
        row[self.x] = ch
        if w == 2 and self.x + 1 < self.cols:
            row[self.x + 1] = None
        self.last = ch
        if self.x + w >= self.cols:
            self.x, self.wrap_pending = self.cols - 1, True
        else:
            self.x += w

    def scroll_up(self, n):
        for _ in range(n):
            del self.grid[self.top]
            self.grid.insert(self.bottom, [" "] * self.cols)

    def scroll_down(self, n):
        for _ in range(n):
            del self.grid[self.bottom]
            self.grid.insert(self.top, [" "] * self.cols)

    def escape(self, ch):
        if ch == "7":
            self.saved = (self.x, self.y)
        elif ch == "8":
            self.x, self.y = self.saved
        elif ch == "M":
            if self.y == self.top:
                self.scroll_down(1)
            elif self.y > 0:
                self.y -= 1
        elif ch == "D":
            self.linefeed()
        elif ch == "E":
            self.x = 0
            self.linefeed()
        elif ch == "c":
            self.reset()

    def erase(self, y, x0, x1):
        row = self.grid[y]
        for x in range(max(0, x0), min(self.cols, x1)):
            row[x] = " "

    def csi(self, raw, final):
        private = raw[:1] in ("?", ">", "=", "<")
        body = raw[1:] if private else raw
        try:
            ps = [int(p) if p else 0 for p in body.split(";")] if body else []
        except ValueError:
            ps = []

        def p(i, default=1):
            v = ps[i] if i < len(ps) else 0
            return v if v else default

        if private:
            if final in "hl" and raw[:1] == "?" and "1" in body.split(";"):
                self.app_cursor = final == "h"
            if final in "hl" and body in ("1049", "47", "1047"):
                self.grid = [[" "] * self.cols for _ in range(self.rows)]
            return
        self.wrap_pending = False
        if final in "Hf":
            self.y = min(self.rows - 1, p(0) - 1)
            self.x = min(self.cols - 1, p(1) - 1)
        elif final == "A":
            self.y = max(0, self.y - p(0))
        elif final in "Be":
            self.y = min(self.rows - 1, self.y + p(0))
        elif final in "Ca":
            self.x = min(self.cols - 1, self.x + p(0))
        elif final == "D":
            self.x = max(0, self.x - p(0))
        elif final == "E":
            self.y, self.x = min(self.rows - 1, self.y + p(0)), 0
        elif final == "F":
            self.y, self.x = max(0, self.y - p(0)), 0
        elif final in "G`":
            self.x = min(self.cols - 1, p(0) - 1)
        elif final == "d":
            self.y = min(self.rows - 1, p(0) - 1)
        elif final == "J":
            mode = ps[0] if ps else 0
            if mode == 0:
                self.erase(self.y, self.x, self.cols)
                for y in range(self.y + 1, self.rows):
                    self.erase(y, 0, self.cols)
            elif mode == 1:
                self.erase(self.y, 0, self.x + 1)
                for y in range(0, self.y):
                    self.erase(y, 0, self.cols)
            else:
                for y in range(self.rows):
                    self.erase(y, 0, self.cols)
        elif final == "K":
            mode = ps[0] if ps else 0
            if mode == 0:
                self.erase(self.y, self.x, self.cols)
            elif mode == 1:
                self.erase(self.y, 0, self.x + 1)
            else:
                self.erase(self.y, 0, self.cols)
        elif final == "X":
            self.erase(self.y, self.x, self.x + p(0))
        elif final == "P":
            row = self.grid[self.y]
            n = min(p(0), self.cols - self.x)
            del row[self.x:self.x + n]
            row.extend([" "] * n)
        elif final == "@":
            row = self.grid[self.y]
            n = min(p(0), self.cols - self.x)
            for _ in range(n):
                row.insert(self.x, " ")
            del row[self.cols:]
        elif final in "LM":
            if self.top <= self.y <= self.bottom:
                saved_top, self.top = self.top, self.y
                (self.scroll_down if final == "L" else self.scroll_up)(p(0))
                self.top = saved_top
        elif final == "S":
            self.scroll_up(p(0))
        elif final == "T":
            self.scroll_down(p(0))
        elif final == "r":
            self.top = p(0) - 1
            self.bottom = min(self.rows - 1, p(1, self.rows) - 1)
            if self.top >= self.bottom:
                self.top, self.bottom = 0, self.rows - 1
            self.x = self.y = 0
        elif final == "b":
            for _ in range(p(0)):
                self.printable(self.last)
        elif final == "s":
            self.saved = (self.x, self.y)
        elif final == "u":
            self.x, self.y = self.saved
        elif final == "n" and ps[:1] == [6]:
            self.replies.append(f"\x1b[{self.y + 1};{self.x + 1}R".encode())
        elif final == "c":
            self.replies.append(b"\x1b[?62;22c")


class Pty:
    """A command running in a pseudo-terminal, with a Screen of what it shows."""

    def __init__(self, cmd, env=None, cols=100, rows=30, cwd=None):
        self.cols, self.rows = cols, rows
        self.screen = Screen(cols, rows)
        self.total_bytes = 0
        self.last_output = None
        self.t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execvpe(cmd[0], cmd, env if env is not None else os.environ)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status = None

    # -- reading ------------------------------------------------------------------------
    def _read(self, timeout):
        """One read (waiting at most timeout s). Returns the bytes (b'' on timeout), None on EOF."""
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return None
        if not data:
            return None
        now = time.monotonic()
        self.last_output = now
        self.total_bytes += len(data)
        self.screen.feed(data)
        if self.screen.replies:
            for reply in self.screen.replies:
                os.write(self.fd, reply)
            self.screen.replies.clear()
        return data

    def wait_for(self, pred, timeout):
        """Read until pred(screen) holds; returns the monotonic time of the read that made it
        hold, or None on timeout / exit."""
        if pred(self.screen):
            return time.monotonic()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            data = self._read(min(left, 0.5))
            if data is None:
                return None
            if data and pred(self.screen):
                return self.last_output

    def wait_text(self, text, timeout):
        return self.wait_for(lambda s: text in s.text(), timeout)

    def settle(self, quiet=0.2, timeout=60):
        """Read until nothing arrives for `quiet` s. Returns (bytes read, time of last byte)."""
        n, last = 0, None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = self._read(quiet)
            if data is None:
                break
            if not data:
                break
            n += len(data)
            last = self.last_output
        return n, last

    def send(self, keys):
        if isinstance(keys, str):
            keys = keys.encode()
        t = time.monotonic()
        os.write(self.fd, keys)
        return t

    # -- process ------------------------------------------------------------------------
    def proc_status(self, key):
        """A field of /proc/PID/status in KiB (VmRSS, VmHWM), or None."""
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def alive(self):
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.status = status
            return False
        return True

    def close(self, quit_keys=None, grace=3.0):
        """Quit politely (quit_keys), then SIGTERM, then SIGKILL the process group."""
        try:
            if quit_keys and self.alive():
                try:
                    self.send(quit_keys)
                except OSError:
                    pass
                self._drain_until_exit(grace)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if not self.alive():
                    break
                try:
                    os.killpg(self.pid, sig)
                except ProcessLookupError:
                    pass
                self._drain_until_exit(grace)
            if self.status is None:
                _, self.status = os.waitpid(self.pid, 0)
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass

    def _drain_until_exit(self, grace):
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and self.alive():
            if self._read(0.05) is None:
                # EOF on the pty: the program closed it; give it a moment to be reaped.
                time.sleep(0.02)
