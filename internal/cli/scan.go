package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/paddock-dev/paddock/internal/guard"
)

// maxJSONLLine is the longest input line `scan --jsonl` and `guard eval` accept; longer lines get
// an error line (scan) or are skipped (eval).
const maxJSONLLine = 64 << 20

// maxScanInput is the largest input `scan FILE` reads.
const maxScanInput = 256 << 20

const guardUsage = `Usage: paddock guard eval [flags] FILE.jsonl

  eval   score labelled rows ({"text", "label", "source"}) through the full guard pipeline and print
         ROC-AUC, TPR at 1% and 0.1% FPR, and a per-source table (paddock guard eval --help)

The detector's weights are rebuilt from ../shared/data with:
  go run ./internal/guard/detect/train -data ../shared/data/injection/dev.jsonl
`

// guardCmd runs `paddock guard ...`.
func guardCmd(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == "eval" {
		return evalCmd(ctx, args[1:], env)
	}
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(env.Stdout, guardUsage)
		return ExitOK
	}
	fmt.Fprint(env.Stderr, guardUsage)
	return ExitUsage
}

const scanUsage = `usage: paddock scan [flags] [FILE|-]
       paddock scan --jsonl [flags] < rows.jsonl

Screens untrusted text the way paddock screens every tool output: filters hidden characters and
escape sequences, redacts secrets, and scores it for prompt injection. Without FILE, or with -,
reads standard input. HTML (by --html, a .html/.htm name or its content) is reduced to its
visible text first; hidden elements count against it.

The report gives the score, the verdict (clean, FLAGGED or BLOCKED), the reasons and the
redactions. --text also prints the text as the model would receive it.

--jsonl reads JSON lines with a "text" field (and optional "source") and writes, in the same order,
one line per input line: {"score":0.93,"flagged":true,"blocked":true,"reasons":[...]}. A line that
is not a JSON object with a string "text" gets {"error":"...","line":N} instead, so output line N
always answers input line N.

Exit status: 0 clean; 1 flagged or blocked; 2 usage or read error.
With --jsonl: 0 when every line was answered (whatever the verdicts); 2 on a read error.

Flags:
`

// guardFlags are the flags scan and eval share.
type guardFlags struct {
	secretEnv     repeatedFlag
	flagT, blockT float64
}

func (c *guardFlags) register(fs *flag.FlagSet) {
	fs.Var(&c.secretEnv, "secret-env", "also redact the value of this environment `variable` (repeatable)")
	fs.Float64Var(&c.flagT, "flag", 0, "flag `threshold` (default: the detector's, about 1% false positives)")
	fs.Float64Var(&c.blockT, "block", 0, "block `threshold` (default: the detector's, about 0.1% false positives)")
}

// guard builds the guard of a scan or an eval; det nil means the built-in detector.
func (c *guardFlags) guard(det guard.Detector, env Env) (*guard.Guard, error) {
	var secrets []guard.Secret
	for _, name := range c.secretEnv {
		if v := env.Getenv(name); v != "" {
			secrets = append(secrets, guard.Secret{Name: name, Value: v})
		}
	}
	return guard.New(guard.Options{Secrets: secrets, Detector: det, FlagThreshold: c.flagT, BlockThreshold: c.blockT})
}

// scanCmd runs `paddock scan`.
func scanCmd(ctx context.Context, args []string, env Env) int { return scan(ctx, args, env, nil) }

// scan runs `paddock scan` with the detector det (nil: the built-in one).
func scan(ctx context.Context, args []string, env Env, det guard.Detector) int {
	stdin, stdout, stderr := env.Stdin, env.Stdout, env.Stderr
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), scanUsage)
		fs.PrintDefaults()
	}
	var common guardFlags
	common.register(fs)
	jsonl := fs.Bool("jsonl", false, "read JSON lines with a \"text\" field on stdin, write one verdict line per input line")
	asHTML := fs.Bool("html", false, "treat the input as HTML")
	showText := fs.Bool("text", false, "also print the cleaned, redacted text the model would receive")
	asJSON := fs.Bool("json", false, "print the verdict as one JSON object instead of a report")
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	g, err := common.guard(det, env)
	if err != nil {
		fmt.Fprintf(stderr, "paddock scan: %v\n", err)
		return ExitFailed
	}
	if *jsonl {
		if fs.NArg() > 0 {
			fmt.Fprintln(stderr, "paddock scan: --jsonl reads standard input; no FILE argument")
			return ExitUsage
		}
		if err := scanJSONL(ctx, g, stdin, stdout); err != nil {
			fmt.Fprintf(stderr, "paddock scan: %v\n", err)
			return ExitUsage
		}
		return ExitOK
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "paddock scan: at most one FILE")
		fs.Usage()
		return ExitUsage
	}
	name, in := "-", stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		name = fs.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "paddock scan: %v\n", err)
			return ExitUsage
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, maxScanInput+1))
	if err != nil {
		fmt.Fprintf(stderr, "paddock scan: reading %s: %v\n", name, err)
		return ExitUsage
	}
	if len(data) > maxScanInput {
		fmt.Fprintf(stderr, "paddock scan: %s is larger than %d MiB\n", name, maxScanInput>>20)
		return ExitUsage
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "paddock scan: %v\n", err)
		return ExitUsage
	}
	source := name
	if name == "-" {
		source = "stdin"
	}
	var v guard.Verdict
	if *asHTML || looksHTML(name, data) {
		v, _ = g.ScreenHTML(string(data), source)
	} else {
		v = g.Screen(string(data), source)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		out := struct {
			Source     string            `json:"source"`
			Score      float64           `json:"score"`
			Flagged    bool              `json:"flagged"`
			Blocked    bool              `json:"blocked"`
			Reasons    []string          `json:"reasons"`
			Redactions []guard.Redaction `json:"redactions"`
			Text       string            `json:"text,omitempty"`
		}{v.Source, round4(v.Score), v.Flagged, v.Blocked, nonNil(v.Reasons), v.Redactions, ""}
		if *showText {
			out.Text = v.Text
		}
		if out.Redactions == nil {
			out.Redactions = []guard.Redaction{}
		}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "paddock scan: %v\n", err)
			return ExitUsage
		}
	} else {
		writeReport(stdout, g, v, *showText)
	}
	if v.Flagged || v.Blocked {
		return ExitFlagged
	}
	return ExitOK
}

func looksHTML(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return strings.HasPrefix(http.DetectContentType(data), "text/html")
}

func writeReport(w io.Writer, g *guard.Guard, v guard.Verdict, showText bool) {
	flagT, blockT := g.Thresholds()
	verdict := "clean"
	switch {
	case v.Blocked:
		verdict = "BLOCKED (would be withheld from the model)"
	case v.Flagged:
		verdict = "FLAGGED (would taint the run: consequential tools need approval)"
	}
	fmt.Fprintf(w, "source:  %s\n", v.Source)
	fmt.Fprintf(w, "score:   %.3f   (flag at %.3f, block at %.3f)\n", v.Score, flagT, blockT)
	fmt.Fprintf(w, "verdict: %s\n", verdict)
	if len(v.Reasons) > 0 {
		fmt.Fprintln(w, "reasons:")
		for _, r := range v.Reasons {
			fmt.Fprintf(w, "  - %s\n", r)
		}
	}
	if len(v.Redactions) > 0 {
		fmt.Fprintf(w, "redactions: %d\n", len(v.Redactions))
		for _, r := range v.Redactions {
			form := ""
			if r.Form != "" && r.Form != "literal" {
				form = " (" + r.Form + ")"
			}
			fmt.Fprintf(w, "  - %s%s at bytes %d-%d\n", r.Kind, form, r.Start, r.End)
		}
	}
	if showText {
		fmt.Fprintln(w, "text for the model:")
		fmt.Fprintln(w, v.Text)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// jsonlReader reads lines of at most maxJSONLLine bytes; a longer line is reported with
// errLineTooLong and skipped to its end.
type jsonlReader struct {
	br   *bufio.Reader
	buf  []byte
	line int
	max  int
}

var errLineTooLong = errors.New("line too long")

func newJSONLReader(r io.Reader) *jsonlReader {
	return &jsonlReader{br: bufio.NewReaderSize(r, 64<<10), max: maxJSONLLine}
}

// next returns the next line without its line ending. At the end of input it returns io.EOF.
func (r *jsonlReader) next() ([]byte, error) {
	r.buf = r.buf[:0]
	tooLong := false
	for {
		chunk, err := r.br.ReadSlice('\n')
		if !tooLong {
			if len(r.buf)+len(chunk) > r.max+2 {
				tooLong = true
				r.buf = r.buf[:0]
			} else {
				r.buf = append(r.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			r.line++
			if tooLong {
				return nil, errLineTooLong
			}
			return trimEOL(r.buf), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(r.buf) == 0 && !tooLong {
				return nil, io.EOF
			}
			r.line++
			if tooLong {
				return nil, errLineTooLong
			}
			return trimEOL(r.buf), nil
		default:
			return nil, fmt.Errorf("reading line %d: %w", r.line+1, err)
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

type jsonlRow struct {
	Text   *string         `json:"text"`
	Source string          `json:"source"`
	Label  json.RawMessage `json:"label"`
}

// parseRow decodes one JSONL row; it needs a JSON object with a string "text".
func parseRow(line []byte) (jsonlRow, error) {
	var row jsonlRow
	if len(bytes.TrimSpace(line)) == 0 {
		return row, errors.New("empty line")
	}
	if err := json.Unmarshal(line, &row); err != nil {
		return row, fmt.Errorf("invalid JSON: %w", err)
	}
	if row.Text == nil {
		return row, errors.New(`no string "text" field`)
	}
	return row, nil
}

type scanLine struct {
	Score   float64  `json:"score"`
	Flagged bool     `json:"flagged"`
	Blocked bool     `json:"blocked"`
	Reasons []string `json:"reasons"`
}

type errorLine struct {
	Error string `json:"error"`
	Line  int    `json:"line"`
}

// scanJSONL answers every input line with exactly one output line, in order.
func scanJSONL(ctx context.Context, g *guard.Guard, in io.Reader, out io.Writer) error {
	r := newJSONLReader(in)
	bw := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for {
		if err := ctx.Err(); err != nil {
			_ = bw.Flush()
			return err
		}
		line, err := r.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var outLine any
		switch {
		case errors.Is(err, errLineTooLong):
			outLine = errorLine{Error: fmt.Sprintf("line longer than %d bytes", maxJSONLLine), Line: r.line}
		case err != nil:
			_ = bw.Flush()
			return err
		default:
			row, perr := parseRow(line)
			if perr != nil {
				outLine = errorLine{Error: perr.Error(), Line: r.line}
				break
			}
			source := row.Source
			if source == "" {
				source = fmt.Sprintf("stdin:%d", r.line)
			}
			v := g.Screen(*row.Text, source)
			outLine = scanLine{Score: round4(v.Score), Flagged: v.Flagged, Blocked: v.Blocked, Reasons: nonNil(v.Reasons)}
		}
		if err := enc.Encode(outLine); err != nil {
			return fmt.Errorf("writing line %d: %w", r.line, err)
		}
		if r.br.Buffered() == 0 { // the writer may be waiting for this answer before sending more
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("writing: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing: %w", err)
	}
	return nil
}

const evalUsage = `usage: paddock guard eval [flags] FILE.jsonl

Screens every row of FILE.jsonl ({"text":..., "label":0|1, "source":...}; label 1 = injection)
and prints how well the guard separates attacks from benign text: ROC-AUC, the true-positive rate
at 1% and 0.1% false positives, the rates at the configured flag and block thresholds, and a table
per source (or per another field with --by). Rows without a string text or a 0/1 label are
skipped and counted.

Exit status: 0 done; 2 usage or read error, or no usable rows.

Flags:
`

type evalGroup struct {
	pos, neg []float64
	flagged  [2]int // by label
	blocked  [2]int
}

// evalCmd runs `paddock guard eval`. args are the arguments after "eval".
func evalCmd(ctx context.Context, args []string, env Env) int { return eval(ctx, args, env, nil) }

// eval runs `paddock guard eval` with the detector det (nil: the built-in one).
func eval(ctx context.Context, args []string, env Env, det guard.Detector) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("guard eval", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalUsage)
		fs.PrintDefaults()
	}
	var common guardFlags
	common.register(fs)
	by := fs.String("by", "source", "group the table by this string `field` of the rows")
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return ExitUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "paddock guard eval: %v\n", err)
		return ExitUsage
	}
	defer f.Close()
	g, err := common.guard(det, env)
	if err != nil {
		fmt.Fprintf(stderr, "paddock guard eval: %v\n", err)
		return ExitFailed
	}
	groups := map[string]*evalGroup{}
	all := &evalGroup{}
	skipped := 0
	r := newJSONLReader(f)
	for {
		if err := ctx.Err(); err != nil {
			fmt.Fprintf(stderr, "paddock guard eval: %v\n", err)
			return ExitUsage
		}
		line, err := r.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, errLineTooLong) {
			skipped++
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "paddock guard eval: %v\n", err)
			return ExitUsage
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		row, label, key, err := parseEvalRow(line, *by)
		if err != nil {
			skipped++
			if skipped <= 5 {
				fmt.Fprintf(stderr, "paddock guard eval: line %d skipped: %v\n", r.line, err)
			}
			continue
		}
		v := g.Screen(*row.Text, row.Source)
		grp := groups[key]
		if grp == nil {
			grp = &evalGroup{}
			groups[key] = grp
		}
		for _, gr := range []*evalGroup{all, grp} {
			if label == 1 {
				gr.pos = append(gr.pos, v.Score)
			} else {
				gr.neg = append(gr.neg, v.Score)
			}
			if v.Flagged {
				gr.flagged[label]++
			}
			if v.Blocked {
				gr.blocked[label]++
			}
		}
	}
	if len(all.pos)+len(all.neg) == 0 {
		fmt.Fprintf(stderr, "paddock guard eval: no usable rows in %s (%d skipped)\n", fs.Arg(0), skipped)
		return ExitUsage
	}
	writeEval(stdout, g, fs.Arg(0), *by, all, groups, skipped)
	return ExitOK
}

func parseEvalRow(line []byte, by string) (jsonlRow, int, string, error) {
	row, err := parseRow(line)
	if err != nil {
		return row, 0, "", err
	}
	var label float64
	if err := json.Unmarshal(row.Label, &label); err != nil || (label != 0 && label != 1) {
		return row, 0, "", errors.New(`"label" must be 0 or 1`)
	}
	key := row.Source
	if by != "source" {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(line, &m)
		var s string
		if json.Unmarshal(m[by], &s) != nil {
			s = string(m[by])
		}
		key = s
	}
	if key == "" {
		key = "(none)"
	}
	return row, int(label), key, nil
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.4f", x)
}

func frac(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}

func writeEval(w io.Writer, g *guard.Guard, file, by string, all *evalGroup, groups map[string]*evalGroup, skipped int) {
	flagT, blockT := g.Thresholds()
	np, nn := len(all.pos), len(all.neg)
	fmt.Fprintf(w, "file:  %s\n", file)
	fmt.Fprintf(w, "rows:  %d (%d attacks, %d benign), %d skipped\n", np+nn, np, nn, skipped)
	fmt.Fprintf(w, "ROC-AUC:        %s\n", num(guard.ROCAUC(all.pos, all.neg)))
	for _, target := range []float64{0.01, 0.001} {
		tpr, t := guard.TPRAtFPR(all.pos, all.neg, target)
		fmt.Fprintf(w, "TPR @ %-5s FPR: %s (score > %s)\n", fmt.Sprintf("%g%%", target*100), pct(tpr), num(t))
	}
	fmt.Fprintf(w, "flag  (score >= %.3f): TPR %s, FPR %s\n", flagT, pct(frac(all.flagged[1], np)), pct(frac(all.flagged[0], nn)))
	fmt.Fprintf(w, "block (score >= %.3f): TPR %s, FPR %s\n", blockT, pct(frac(all.blocked[1], np)), pct(frac(all.blocked[0], nn)))
	fmt.Fprintln(w)
	keys := make([]string, 0, len(groups))
	width := len(by)
	for k := range groups {
		keys = append(keys, k)
		width = max(width, len([]rune(k)))
	}
	width = min(width, 60)
	sort.Strings(keys)
	fmt.Fprintf(w, "%-*s %7s %7s %8s %9s %9s %9s %9s\n", width, by, "attacks", "benign", "AUC", "TPR@flag", "TPR@block", "FPR@flag", "FPR@block")
	for _, k := range keys {
		gr := groups[k]
		name := k
		if r := []rune(name); len(r) > width {
			name = string(r[:width-1]) + "…"
		}
		fmt.Fprintf(w, "%-*s %7d %7d %8s %9s %9s %9s %9s\n", width, name, len(gr.pos), len(gr.neg), num(guard.ROCAUC(gr.pos, gr.neg)),
			pct(frac(gr.flagged[1], len(gr.pos))), pct(frac(gr.blocked[1], len(gr.pos))),
			pct(frac(gr.flagged[0], len(gr.neg))), pct(frac(gr.blocked[0], len(gr.neg))))
	}
}
