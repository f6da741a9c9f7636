"""What the benchmark scripts share: peak memory, the SQLite connection every peer uses (WAL,
synchronous=FULL, explicit transactions), reading results and the markdown table the reports print."""
import json
import sqlite3
import sys


def vm_kb(field):
    """A field of /proc/self/status in kB (VmHWM: peak resident set), or -1."""
    with open("/proc/self/status") as status:
        for text in status:
            if text.startswith(field + ":"):
                return int(text.split()[1])
    return -1


def load_runs(path, pick=lambda entry: entry):
    """The JSON lines of a results file, grouped by (side, case), each kept as pick(entry)."""
    runs = {}
    with open(path) as lines:
        for text in lines:
            text = text.strip()
            if text:
                entry = json.loads(text)
                runs.setdefault((entry["side"], entry["case"]), []).append(pick(entry))
    return runs


def connect(path, tool):
    # isolation_level=None: no implicit transactions; BEGIN/COMMIT are issued explicitly.
    connection = sqlite3.connect(path, isolation_level=None)
    mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        sys.exit("%s: journal_mode is %s, not wal" % (tool, mode))
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def print_table(headers, table, notes):
    widths = [max(len(str(r[i])) for r in table + [headers]) for i in range(len(headers))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print(line(row))
    print()
    for note in notes:
        print("- " + note)
