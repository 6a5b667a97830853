package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
)

// printer shows a run's events: live progress for people, or JSON lines with --json. Everything it
// prints passes redact (no secret reaches the terminal) and, for people, termtext (no escape
// sequence from a tool argument or output reaches the terminal).
//
// On a terminal (live) it also keeps a status line at the bottom, redrawn while paddock waits — for
// the model, or for a tool — with the time waited, so a slow model never looks like a hang. The
// status line is cleared before anything else is printed, and while a question is asked.
type printer struct {
	mu     sync.Mutex
	w      io.Writer
	json   bool
	redact func(string) string
	color  bool // ANSI colours (a terminal, no NO_COLOR)
	live   bool // a terminal: show the status line

	modelName    string
	modelTimeout time.Duration

	waiting string    // what paddock waits for; "" when nothing
	since   time.Time // since when
	shown   bool      // the status line is on the screen
	paused  bool      // a question is on the screen
	ticker  *time.Ticker
	stopped chan struct{}

	partial   []byte // a running command's output after its last full line
	liveLines int    // lines of it shown so far
}

func newPrinter(w io.Writer, jsonLines bool, redact func(string) string) *printer {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	return &printer{w: w, json: jsonLines, redact: redact}
}

// statusEvery is how often the status line is redrawn.
const statusEvery = 200 * time.Millisecond

// line prints one line of progress (made safe and redacted), above the status line.
func (p *printer) line(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintln(p.w, termtext.Safe(p.redact(s)))
	p.drawLocked()
}

// styled prints a line with an ANSI style when colour is on; s is made safe first.
func (p *printer) styled(style, s string) {
	s = termtext.Safe(p.redact(s))
	if p.color {
		s = style + s + "\x1b[0m"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintln(p.w, s)
	p.drawLocked()
}

const (
	ansiDim    = "\x1b[2m"
	ansiYellow = "\x1b[33m"
)

// wait sets what paddock waits for, shown with the time waited on the status line.
func (p *printer) wait(what string) {
	if !p.live {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiting, p.since = what, time.Now()
	if p.ticker == nil {
		p.ticker = time.NewTicker(statusEvery)
		p.stopped = make(chan struct{})
		go p.tick(p.ticker, p.stopped)
	}
	p.drawLocked()
}

func (p *printer) tick(t *time.Ticker, stopped chan struct{}) {
	for {
		select {
		case <-stopped:
			return
		case <-t.C:
			p.mu.Lock()
			p.drawLocked()
			p.mu.Unlock()
		}
	}
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// drawLocked redraws the status line.
func (p *printer) drawLocked() {
	if !p.live || p.waiting == "" || p.paused {
		return
	}
	el := time.Since(p.since)
	frame := spinnerFrames[int(el/statusEvery)%len(spinnerFrames)]
	s := fmt.Sprintf("%s %s · %s", frame, p.waiting, el.Truncate(time.Second))
	if p.color {
		s = ansiDim + s + "\x1b[0m"
	}
	fmt.Fprint(p.w, "\r\x1b[K"+s)
	p.shown = true
}

// clearLocked removes the status line from the screen.
func (p *printer) clearLocked() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// maxLiveLines is how many lines of a running command's output are shown as it runs.
const maxLiveLines = 40

// liveIndent lines a command's live output up under its call.
const liveIndent = "       "

// commandOutput shows a running command's output live on a terminal, dimmed, line by line (made
// safe and redacted like everything else), up to maxLiveLines.
func (p *printer) commandOutput(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			if len(p.partial) < 4096 {
				return
			}
			i = len(p.partial) // a very long line is shown in parts
		}
		line := string(p.partial[:i])
		p.partial = p.partial[min(i+1, len(p.partial)):]
		p.liveLineLocked(line)
	}
}

func (p *printer) liveLineLocked(line string) {
	p.liveLines++
	switch {
	case p.liveLines == maxLiveLines+1:
		line = "… (more as the command goes on: the whole output is in the run's record)"
	case p.liveLines > maxLiveLines:
		return
	}
	s := liveIndent + "│ " + termtext.OneLine(p.redact(line), 200)
	if p.color {
		s = ansiDim + s + "\x1b[0m"
	}
	p.clearLocked()
	fmt.Fprintln(p.w, s)
	p.drawLocked()
}

// endCommandOutput shows what is left of a command's live output and reports how many lines
// were shown.
func (p *printer) endCommandOutput() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.partial) > 0 {
		p.liveLineLocked(string(p.partial))
	}
	n := p.liveLines
	p.partial, p.liveLines = nil, 0
	return n
}

// idle stops showing a wait until the next one.
func (p *printer) idle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	p.waiting = ""
}

// pause clears the status line while a question is asked; resume brings it back.
func (p *printer) pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	p.paused = true
}

func (p *printer) resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paused = false
	p.drawLocked()
}

// close stops the status line for good.
func (p *printer) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	p.waiting = ""
	if p.ticker != nil {
		p.ticker.Stop()
		close(p.stopped)
		p.ticker = nil
	}
}

// retry shows one retry of the model request.
func (p *printer) retry(r llm.Retry) {
	if p.json {
		p.mu.Lock()
		defer p.mu.Unlock()
		b, err := json.Marshal(struct {
			Type        string        `json:"type"`
			Time        time.Time     `json:"time"`
			Attempt     int           `json:"attempt"`
			MaxAttempts int           `json:"max_attempts"`
			Wait        time.Duration `json:"wait_ns"`
			Error       string        `json:"error"`
		}{"model_retry", time.Now(), r.Attempt, r.MaxAttempts, r.Wait, p.redact(r.Err.Error())})
		if err == nil {
			fmt.Fprintf(p.w, "%s\n", b)
		}
		return
	}
	p.styled(ansiYellow, fmt.Sprintf("      ⟳ model attempt %d of %d failed: %s; trying again in %s",
		r.Attempt, r.MaxAttempts, termtext.OneLine(r.Err.Error(), 200), r.Wait.Round(100*time.Millisecond)))
}

func (p *printer) header(modelDesc, ws, how, data string, resume *resumed) {
	if p.json {
		return
	}
	if modelDesc == "" {
		modelDesc = p.modelName
	}
	p.line("paddock · model     " + modelDesc)
	p.line(fmt.Sprintf("        · workspace %s (%s)", ws, how))
	p.line("        · records   " + store.DefaultPath(data))
	if resume != nil {
		p.line(fmt.Sprintf("        · resuming  run %s after step %d (%s)", resume.task.ID, resume.state.Turn, resume.task.Status))
	}
}

// waitingForModel is the status line while the model thinks.
func (p *printer) waitingForModel() string {
	s := "waiting for the model"
	if p.modelName != "" {
		s += " (" + termtext.OneLine(p.modelName, 60) + ")"
	}
	if p.modelTimeout > 0 {
		s += fmt.Sprintf(", giving up after %s", p.modelTimeout)
	}
	return s
}

// runningTool is the status line while a tool runs.
func runningTool(tool string) string {
	switch tool {
	case "execute_shell", "execute_python_code":
		return "running the command in the sandbox"
	case "read_webpage", "download_file", "web_search":
		return "fetching from the web (" + tool + ")"
	}
	return "running " + termtext.OneLine(tool, 60)
}

func (p *printer) event(e agent.Event) {
	if p.json {
		e.Args, e.Output, e.Error, e.Text, e.Feedback = p.redact(e.Args), p.redact(e.Output), p.redact(e.Error), p.redact(e.Text), p.redact(e.Feedback)
		b, err := json.Marshal(e)
		if err != nil {
			return
		}
		p.mu.Lock()
		fmt.Fprintf(p.w, "%s\n", b)
		p.mu.Unlock()
		return
	}
	step := fmt.Sprintf("[%d/%d]", e.Step, e.MaxSteps)
	pad := strings.Repeat(" ", len(step))
	switch e.Type {
	case agent.EventStart:
		p.line("Goal: " + termtext.OneLine(e.Text, 300))
		if e.Resumed {
			p.line(fmt.Sprintf("Run %s (resumed)", e.TaskID))
		} else {
			p.line(fmt.Sprintf("Run %s", e.TaskID))
		}
		p.wait(p.waitingForModel())
	case agent.EventThought:
		p.line(fmt.Sprintf("%s 💭 %s", step, termtext.OneLine(e.Text, 200)))
	case agent.EventCall:
		p.idle() // the call is decided next: a question, or it runs
		p.line(fmt.Sprintf("%s → %s %s   (%s tokens so far)", step, termtext.OneLine(e.Tool, 60), termtext.OneLine(compactArgs(e.Args), 140), count(e.Tokens)))
	case agent.EventDecision:
		switch {
		case e.Decision.Refused():
			msg := fmt.Sprintf("%s ✗ %s", pad, e.Decision)
			if e.Why != "" {
				msg += ": " + e.Why
			}
			if e.Feedback != "" {
				msg += " — feedback: " + termtext.OneLine(e.Feedback, 200)
			}
			p.line(msg)
			p.wait(p.waitingForModel())
		case e.Decision == store.DecisionQuit:
			p.line(pad + " ■ stopped by the user")
		case e.Tool == "finish":
		default:
			p.wait(runningTool(e.Tool))
		}
	case agent.EventResult:
		switch {
		case e.Error != "":
			p.line(fmt.Sprintf("%s ✗ %s", pad, termtext.OneLine(e.Error, 200)))
		case e.Blocked:
			p.line(fmt.Sprintf("%s ⛔ withheld from the model: prompt injection (score %.2f: %s)", pad, e.Score, termtext.OneLine(strings.Join(e.Reasons, "; "), 200)))
		case p.endCommandOutput() > 0:
			// The output was shown as it came: only how the command ended, and where the rest is.
			first, _, _ := strings.Cut(e.Output, "\n")
			p.line(fmt.Sprintf("%s ✓ %s (output above; paddock runs show %s --full)", pad, termtext.OneLine(first, 160), e.TaskID))
			if e.Flagged {
				p.line(fmt.Sprintf("%s ⚠ flagged as a likely prompt injection (score %.2f: %s)", pad, e.Score, termtext.OneLine(strings.Join(e.Reasons, "; "), 200)))
			}
		default:
			p.output(pad, e.Output, e.TaskID)
			if e.Flagged {
				p.line(fmt.Sprintf("%s ⚠ flagged as a likely prompt injection (score %.2f: %s)", pad, e.Score, termtext.OneLine(strings.Join(e.Reasons, "; "), 200)))
			}
		}
		if e.Tool != "finish" {
			p.wait(p.waitingForModel())
		}
	case agent.EventNotice:
		p.line("⚠ " + termtext.OneLine(e.Text, 300))
	case agent.EventFinish:
		p.close()
		p.summary(e.Summary)
	}
}

// maxOutputLines is how many lines of a tool's output progress shows.
const maxOutputLines = 6

// output shows the first lines of a tool's output, each on one line, then how much more there
// is; a closing "[paddock: ...]" notice (output cut, a time limit) is always shown.
func (p *printer) output(pad, out, taskID string) {
	for _, l := range outputLines(pad, out, maxOutputLines, taskID) {
		p.line(l)
	}
}

// outputLines renders output as progress and `paddock runs show` show it: at most max lines
// (max <= 0: all), each on one line, then a line saying what was left out.
func outputLines(pad, out string, max int, taskID string) []string {
	body := strings.TrimRight(out, "\n")
	var notice string
	if i := strings.LastIndex(body, "\n[paddock: "); i >= 0 && strings.HasSuffix(body, "]") && !strings.Contains(body[i+1:], "\n") {
		body, notice = strings.TrimRight(body[:i], "\n"), body[i+1:]
	} else if strings.HasPrefix(body, "[paddock: ") && !strings.Contains(body, "\n") {
		body, notice = "", body
	}
	var lines []string
	if body != "" {
		lines = strings.Split(body, "\n")
	}
	var res []string
	for i, l := range lines {
		mark := "✓"
		if i > 0 {
			mark = " "
		}
		if max > 0 && i == max {
			more := fmt.Sprintf("%s   … %d more lines, %s in all", pad, len(lines)-i, termtext.Size(len(out)))
			if taskID != "" {
				more += fmt.Sprintf(" (paddock runs show %s --full)", taskID)
			}
			res = append(res, more)
			break
		}
		width := 160
		if max <= 0 {
			width = 0
		}
		res = append(res, fmt.Sprintf("%s %s %s", pad, mark, termtext.OneLine(l, width)))
	}
	if len(lines) == 0 && notice == "" {
		res = append(res, pad+" ✓ (no output)")
	}
	if notice != "" {
		res = append(res, fmt.Sprintf("%s   %s", pad, termtext.OneLine(notice, 300)))
	}
	return res
}

var outcomeWords = map[store.Status]string{
	store.StatusFinished:    "✔ Finished",
	store.StatusFailed:      "✘ Failed",
	store.StatusBudget:      "⏱ Stopped: budget",
	store.StatusInterrupted: "■ Interrupted",
}

func (p *printer) summary(s *agent.Summary) {
	if s == nil {
		return
	}
	p.line("")
	p.line(fmt.Sprintf("%s: %s", outcomeWords[s.Status], termtext.OneLine(s.Outcome, 500)))
	p.line(fmt.Sprintf("  steps %d · tokens %s (prompt %s, completion %s) · %s",
		s.Steps, count(s.Usage.TotalTokens), count(s.Usage.PromptTokens), count(s.Usage.CompletionTokens), s.Duration.Round(time.Millisecond)))
	if s.Priced {
		p.line("  cost " + pricing.Format(s.CostUSD) + " (at the model's list price; --prices to change it)")
	}
	if len(s.Changed) > 0 {
		p.line("  files changed: " + termtext.OneLine(strings.Join(s.Changed, ", "), 500))
	} else {
		p.line("  files changed: none")
	}
	if s.Tainted != "" {
		p.line("  tainted: " + s.Tainted)
	}
	p.line(fmt.Sprintf("  details: paddock runs show %s", s.TaskID))
	if s.Status != store.StatusFinished {
		p.line(fmt.Sprintf("  continue: paddock run --resume %s", s.TaskID))
	}
}

// compactArgs shows JSON arguments as key=value pairs when they are a flat object.
func compactArgs(raw string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil || len(m) == 0 {
		return raw
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
			if len(v) > 60 {
				v = v[:57] + "…"
			}
			parts = append(parts, fmt.Sprintf("%s=%q", k, v))
		default:
			b, _ := json.Marshal(v)
			parts = append(parts, fmt.Sprintf("%s=%s", k, b))
		}
	}
	return strings.Join(parts, " ")
}

// count formats a token count with thousands separators.
func count(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
