#!/usr/bin/env python3
"""Files one bench run into bench/results/: one current file per scenario, with its history (stdlib only).

  results.py RUN_MD [--results-dir DIR]

RUN_MD is the markdown a bench script wrote for one run under bench/.work/runs/ (bench/run.sh,
bench/events.sh or bench/random-ids.sh). Each scenario of a bench/run.sh run updates
bench/results/<scenario>.md: its "Current result" section becomes that scenario's part of the run (its row,
warm-up rounds, pairs, drain and per-component report, problems, commands and raw outputs, with the run's
command line, measurement notes and machine), and a row goes at the end of its "History" table. A run that
measured the pgbench upsert baseline on its own updates pgbench-reference.md the same way; events.sh updates
events.md and random-ids.sh random-ids.md. A scenario that could not run (ERROR) only gets its history row,
so the current result stays the last one that measured something. A line "> Note: ..." under the run's title
(BENCH_NOTE) becomes the row's note. Filing the same run again replaces its row instead of adding one.
Prints the files it wrote.
"""
import argparse, os, re, sys

SCENARIO_HEADER = "| date (UTC) | run | commit | mode | req/s | p99 ms | baseline | ratio | result | note |"
PGBENCH_HEADER = "| date (UTC) | run | commit | tx/s | p50 / p99 / max ms | mean | failed | note |"
EVENTS_HEADER = "| date (UTC) | run | commit | plain events/s | app events/s | ratio | app p99 ms | result | note |"
RANDOM_IDS_HEADER = "| date (UTC) | commit | requests | before MB | right after MB | idle, later MB | after real reads MB | result | note |"

HISTORY_INTRO = (
    "One row per run, oldest first. *date* is the run's UTC start and *run* its name (`BENCH_NAME`); the full\n"
    "results of a row are this file's *Current result* in the commit that added the row (`git log -p` on this\n"
    "file), and for runs before this layout `git show 9960c98:bench/results/<date>-<run>.md`. *commit* is the\n"
    "build measured; a `*` after it means the working tree had uncommitted changes (the note says which, when\n"
    "known). The note ends with the settings the run was given (`BENCH_*`, `REQUESTS`, `SETTLE`), if any.")
SCENARIO_INTRO_BASELINE = (
    "\n*baseline* is the baseline's req/s (bare Kestrel) or tx/s (pgbench upserts) in the same run, measured in\n"
    "turns with the app or alone before it; *ratio* = app req/s / baseline.")


class Entry:
    """What one run contributes to one results file."""

    def __init__(self, name, title, intro, header, key, row, section):
        self.name, self.title, self.intro, self.header = name, title, intro, header
        self.key, self.row, self.section = key, row, section


def outside_fences(lines):
    """(index, line, in_fence) for each line; fence lines themselves count as inside."""
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            yield i, line, True
        else:
            yield i, line, fenced


def split_sections(lines):
    """Preamble (title included) and [(heading, body lines)] at the '## ' headings outside code blocks."""
    preamble, sections = [], []
    for _, line, fenced in outside_fences(lines):
        if not fenced and line.startswith("## "):
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, sections


def demote(lines):
    return ["#" + l if not fenced and l.startswith("#") else l for _, l, fenced in outside_fences(lines)]


def trim(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def tidy(lines):
    """One blank line around headings and between paragraphs, none doubled; code blocks as they are."""
    out, after_heading = [], False
    for _, line, fenced in outside_fences(trim(lines)):
        heading = not fenced and line.startswith("#")
        blank = not fenced and not line.strip()
        if blank and out and not out[-1].strip():
            continue
        if (heading and out and out[-1].strip()) or (after_heading and not blank):
            out.append("")
        out.append(line)
        after_heading = heading
    return out


def cells(row):
    return [c.strip() for c in row.strip().strip("|").split("|")]


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def owner_of(label, names):
    """The scenario a label such as 'jobs-get-app-2' or 'users-put-me-baseline' belongs to."""
    for name in sorted(names, key=len, reverse=True):
        if label == name or re.fullmatch(re.escape(name) + r"-(app|baseline|pairs)(-\d+)?", label):
            return name
    return None


def commit_of(text):
    m = re.search(r"^- git: ([0-9a-f]{7,40})\b(.*)$", text, re.M)
    if m:
        return m.group(1)[:7] + ("*" if re.search(r"working tree|dirty", m.group(2)) else "")
    m = re.search(r"\(commit ([0-9a-f]{7,40})( dirty)?\)", text)
    return m.group(1)[:7] + ("*" if m.group(2) else "") if m else "?"


def settings_of(invocation, keep):
    """The environment settings of a command line, as 'A=1 B=2', without the ones that only name the run."""
    found = re.findall(r"\b([A-Z][A-Z_]*=\S+)", invocation.split(" bash ")[0])
    return " ".join(s for s in found if re.match(keep, s) and not s.startswith(("BENCH_NAME=", "BENCH_NOTE=")))


def join_note(*parts):
    return "; ".join(p for p in parts if p)


def note_of(lines):
    for line in lines:
        if line.startswith("> Note: "):
            return line[len("> Note: "):].strip()
    return ""


# ---------------------------------------------------------------- bench/run.sh runs


class Run:
    def __init__(self, text):
        self.text = text
        self.lines = text.rstrip("\n").split("\n")
        m = re.match(r"# Bench run (\S+) \((.*)\)$", self.lines[0])
        if not m:
            raise ValueError("not a bench/run.sh results file: " + self.lines[0])
        self.stamp, self.label = m.group(1), m.group(2)
        self.preamble, self.sections = split_sections(self.lines)
        inv = re.search(r"^Run `([^`]*)`", text, re.M)
        self.invocation = inv.group(1) if inv else ""
        self.commit = commit_of(text)
        self.note = note_of(self.preamble)
        self.rows = {}
        for line in self.preamble:
            if line.startswith("| ") and not line.startswith(("| scenario ", "| tx/s ")):
                c = cells(line)
                if len(c) == 12:
                    self.rows[c[0]] = c
        header = next((i for i, l in enumerate(self.preamble) if l.startswith("| tx/s ")), None)
        self.pgbench_row = cells(self.preamble[header + 2]) if header is not None else None
        self.reference_only = self.pgbench_row is not None and not any(
            r[6].startswith("pgbench") for r in self.rows.values())

    def names(self):
        return list(self.rows) + (["pgbench-reference"] if self.reference_only else [])

    def section_for(self, target):
        """The run's markdown cut down to what concerns one scenario (or 'pgbench-reference')."""
        names = self.names()
        mine = lambda label: owner_of(label, names) == target
        out = ["## Current result: bench run %s (%s)" % (self.stamp, self.label)]
        out += self._preamble_for(target)
        for heading, body in self.sections:
            title = heading[3:].strip()
            if title == "How this was measured":
                body = self._measured_for(body, mine)
            elif title == "After the measurement":
                body = self._after_for(body, target)
            elif title == "Problems":
                body = self._problems_for(body, target, names)
            elif title == "Commands":
                body = self._commands_for(body, target, names)
            elif title == "Raw outputs":
                body = self._raw_for(body, mine)
            if body is None:
                continue
            out += ["", "#" + heading, ""] + demote(body)
        return tidy(out)

    def _preamble_for(self, target):
        out, i, pre = [], 1, self.preamble
        while i < len(pre):
            line = pre[i]
            if line.startswith("| scenario "):  # the run's table: its header and this scenario's row
                table = [line, pre[i + 1]]
                i += 2
                while i < len(pre) and pre[i].startswith("|"):
                    if cells(pre[i])[0] == target:
                        table.append(pre[i])
                    i += 1
                if target != "pgbench-reference":
                    out += table
                continue
            if line.startswith("Raw pgbench"):
                block = []
                while i < len(pre) and (pre[i].strip() or not block or not block[-1].startswith("|")):
                    block.append(pre[i])
                    i += 1
                row = self.rows.get(target)
                if target == "pgbench-reference" or (row and row[6].startswith("pgbench")):
                    out += block
                continue
            out.append(line)
            i += 1
        return [l for j, l in enumerate(out) if l.strip() or (j > 0 and out[j - 1].strip())]

    @staticmethod
    def _measured_for(body, mine):
        out, i = [], 0
        while i < len(body):
            line = body[i]
            m = re.match(r"  - ([A-Za-z0-9._+-]+): ", line)
            if m and not mine(m.group(1)):
                i += 1
                continue
            if line.startswith("Measured runs in turns"):
                block = [line]
                i += 1
                while i < len(body) and not body[i].startswith("- "):
                    block.append(body[i])
                    i += 1
                rows = [l for l in block if l.startswith("| ") and not l.startswith("| scenario ")
                        and mine(cells(l)[0])]
                if rows:
                    out += [block[0], ""] + [l for l in block if l.startswith(("| scenario ", "|---"))] + rows + [""]
                continue
            out.append(line)
            i += 1
        # The warm-up list's heading stays only above rounds of this scenario.
        return [l for j, l in enumerate(out) if not (l.strip().startswith("Warm-up rounds (req/s)")
                                                     and not (j + 1 < len(out) and out[j + 1].startswith("  - ")))]

    @staticmethod
    def _after_for(body, target):
        intro, parts, current = [], {}, None
        for _, line, fenced in outside_fences(body):
            if not fenced and line.startswith("### "):
                current = line[4:].strip()
                parts[current] = [line]
            elif current is None:
                intro.append(line)
            else:
                parts[current].append(line)
        return trim(intro) + [""] + trim(parts[target]) + [""] if target in parts else None

    @staticmethod
    def _problems_for(body, target, names):
        entries, out = [], []
        for _, line, fenced in outside_fences(body):
            if fenced and entries:  # a code block (log tails) belongs to the entry above it
                entries[-1].append(line)
            elif line.strip():
                entries.append([line])
        for entry in entries:
            labels = re.findall(r"[A-Za-z0-9._+-]+", re.sub(r"[:.,]", " ", entry[0]))
            owners = {owner_of(l, names) for l in labels} - {None}
            if not owners or target in owners:
                out += entry + [""]
        return [""] + out if out else None

    @staticmethod
    def _commands_for(body, target, names):
        start = next(i for i, l in enumerate(body) if l.startswith("```"))
        end = next(i for i in range(len(body) - 1, start, -1) if body[i].startswith("```"))
        blocks = []  # [owner: a scenario, "*" for the build, None for shared set-up; label; lines]
        for line in body[start + 1:end]:
            if line.startswith("# ") or not blocks:
                label = re.match(r"# ([^:(]*)", line)
                label = label.group(1).strip() if label else ""
                blocks.append(["*" if label == "build" else owner_of(label, names), label, []])
            blocks[-1][2].append(line)
        # Shared set-up (a throwaway PostgreSQL or RabbitMQ) goes with the scenario that started it, the next one
        # in the list; the pgbench reference also gets the PostgreSQL it ran on, whoever started it.
        keep = set()
        for i, (owner, label, _) in enumerate(blocks):
            if owner == "*" and target != "pgbench-reference":
                keep.add(i)
            elif owner is None and target == "pgbench-reference" and label.startswith("throwaway PostgreSQL"):
                keep.add(i)
            elif owner == target:
                keep.add(i)
                j = i - 1
                while j >= 0 and blocks[j][0] is None:
                    keep.add(j)
                    j -= 1
        kept = [l for i, b in enumerate(blocks) if i in keep for l in b[2]]
        return body[:start + 1] + kept + body[end:]

    @staticmethod
    def _raw_for(body, mine):
        out, keep = [], True
        for _, line, fenced in outside_fences(body):
            m = None if fenced else re.match(r"<details><summary>([^<]*)</summary>", line)
            if m:
                keep = mine(m.group(1))
            if keep:
                out.append(line)
        return out

    def entries(self, note=None):
        note = self.note if note is None else note
        settings = settings_of(self.invocation, r"BENCH_(?!PGBENCH)")
        found = []
        for name, r in self.rows.items():
            how = "-" if r[6] == "-" else ("in turns" if "in turns" in r[6] else "alone")
            baseline = "-" if r[7] == "-" else "%s (%s)" % (r[7], how)
            p99 = r[4].split(" / ")[1] if " / " in r[4] else r[4]
            result = r[11].replace("*", "")
            row = [self.stamp, self.label, self.commit, r[1], r[3], p99, baseline, r[9], result, join_note(note, settings)]
            kind = ("bare Kestrel" if r[6].startswith("bare Kestrel") else
                    "raw pgbench upserts" if r[6].startswith("pgbench") else None)
            intro = ("Scenario `%s` (`bench/scenarios/%s.sh`): `%s`, %s mode, %s.\n"
                     "`bash bench/run.sh %s` replaces *Current result* with its run and adds a row to *History*\n"
                     "(bench/README.md)." % (name, name, r[2], r[1], "against " + kind if kind else "no baseline", name))
            section = None if result.startswith("ERROR") else self.section_for(name)
            found.append(Entry(name, name, intro, SCENARIO_HEADER, (self.stamp, self.label),
                               "| " + " | ".join(cell(c) for c in row) + " |", section))
        if self.reference_only:
            p = self.pgbench_row
            row = [self.stamp, self.label, self.commit, p[0], p[1], p[2], p[3], join_note(note, settings)]
            intro = ("The pgbench upsert baseline measured on its own, for reference (bench/README.md, *Baselines*):\n"
                     "`bash bench/run.sh` does it on full runs and with `BENCH_PGBENCH=1`, when no selected\n"
                     "scenario measures pgbench in turns. Scenarios with `baseline=pgbench` record theirs in their own file.")
            found.append(Entry("pgbench-reference", "pgbench-reference", intro, PGBENCH_HEADER, (self.stamp, self.label),
                               "| " + " | ".join(cell(c) for c in row) + " |", self.section_for("pgbench-reference")))
        return found


# ---------------------------------------------------------------- bench/events.sh and bench/random-ids.sh runs


def whole_section(lines, heading):
    return tidy([heading] + demote(lines[1:]))


def events_entries(text, note=None):
    lines = text.rstrip("\n").split("\n")
    stamp = re.match(r"# Bench run (\S+) \(events\)", lines[0]).group(1)
    plain = next(cells(l) for l in lines if l.startswith("| plain"))
    app = next(cells(l) for l in lines if l.startswith("| grain outbox"))
    m = re.search(r"\*\*([\d.]+x)\*\*.*\*\*(PASS|FAIL)\*\*", text)
    inv = re.search(r"^Run `([^`]*)`", text, re.M)
    settings = settings_of(inv.group(1) if inv else "", r"BENCH_")
    row = [stamp, "events", commit_of(text), plain[4], app[4], m.group(1) if m else "?",
           app[5].split(" / ")[1], m.group(2) if m else "?", join_note(note_of(lines) if note is None else note, settings)]
    intro = ("Domain events end to end through the RabbitMQ stream provider against a plain RabbitMQ.Client loop,\n"
             "`bash bench/events.sh` (bench/README.md, *Domain events*). Each run replaces *Current result* and adds\n"
             "a row to *History*; *ratio* = app events/s / plain events/s.")
    return [Entry("events", "events", intro, EVENTS_HEADER, (stamp, "events"),
                  "| " + " | ".join(cell(c) for c in row) + " |",
                  whole_section(lines, "## Current result: bench run %s (events)" % stamp))]


def random_ids_entries(text, note=None):
    lines = text.rstrip("\n").split("\n")
    stamp = re.search(r"\((\d{4}-\d\d-\d\dT\d{4}Z)\)", lines[0]).group(1)
    table = {cells(l)[0]: cells(l)[1] for l in lines if l.startswith("| ") and not l.startswith("| resident")}
    pick = lambda prefix: next((v for k, v in table.items() if re.match(prefix, k)), "-")
    sent = next((re.search(r"\d+", k).group(0) for k in table if k.startswith("right after")), "-")
    m = re.search(r"\*\*(PASS|FAIL)\*\*", text)
    inv = re.search(r"^Command: `([^`]*)`", text, re.M)
    settings = settings_of(inv.group(1) if inv else "", r"(REQUESTS|SETTLE)=")
    row = [stamp, commit_of(text), sent, pick("before"), pick("right after"), pick(r"\d+ s later"),
           pick("then after"), m.group(1) if m else "?", join_note(note_of(lines) if note is None else note, settings)]
    intro = ("Resident memory of the embedded app after 100,000 requests for things that do not exist,\n"
             "`bash bench/random-ids.sh` (bench/README.md, *Requests for things that do not exist*). Each run\n"
             "replaces *Current result* and adds a row to *History*; the changes are against *before*.")
    return [Entry("random-ids", "random-ids", intro, RANDOM_IDS_HEADER, (stamp,),
                  "| " + " | ".join(cell(c) for c in row) + " |",
                  whole_section(lines, "## Current result: %s" % stamp))]


def entries_of(text, note=None):
    first = text.split("\n", 1)[0]
    if first.startswith("# Requests for things that do not exist"):
        return random_ids_entries(text, note)
    if re.match(r"# Bench run \S+ \(events\)$", first) and "bench/events.sh" in text:
        return events_entries(text, note)
    return Run(text).entries(note)


# ---------------------------------------------------------------- the results file


def file_entry(results_dir, entry, replace_current=True):
    """Writes entry into results_dir/<name>.md: its current result (unless told not to) and its history row."""
    path = os.path.join(results_dir, entry.name + ".md")
    history_intro = HISTORY_INTRO + ("\n" + SCENARIO_INTRO_BASELINE if entry.header == SCENARIO_HEADER else "")
    separator = "|" + "---|" * (entry.header.count("|") - 1)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            lines = f.read().rstrip("\n").split("\n")
        marks = [i for i, l, fenced in outside_fences(lines) if not fenced and l.startswith("## ")]
        current = next(i for i in marks if lines[i].startswith("## Current result"))
        history = next(i for i in marks if lines[i] == "## History")
        head, section, tail = lines[:current], lines[current:history], lines[history:]
    else:
        head = ["# " + entry.title, "", entry.intro, ""]
        section = ["## Current result", "", "None yet.", ""]
        tail = ["## History", "", history_intro, "", entry.header, separator]
    if replace_current and entry.section:
        section = entry.section + [""]
    key = "| " + " | ".join(cell(k) for k in entry.key) + " |"
    tail = [l for l in tail if not l.startswith(key)]
    last = max(i for i, l in enumerate(tail) if l.startswith("|"))
    tail.insert(last + 1, entry.row)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head + section + tail) + "\n")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run_md")
    parser.add_argument("--results-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results"))
    args = parser.parse_args()
    with open(args.run_md, encoding="utf-8") as f:
        text = f.read()
    os.makedirs(args.results_dir, exist_ok=True)
    for entry in entries_of(text):
        print(os.path.abspath(file_entry(args.results_dir, entry)))


if __name__ == "__main__":
    sys.exit(main())
