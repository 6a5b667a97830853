package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
)

// printer shows a run's events: live progress for people, or JSON lines with --json. Everything it
// prints passes redact (no secret reaches the terminal) and, for people, termtext (no escape
// sequence from a tool argument or output reaches the terminal).
type printer struct {
	w      io.Writer
	json   bool
	redact func(string) string
}

func newPrinter(w io.Writer, jsonLines bool, redact func(string) string) *printer {
	return &printer{w: w, json: jsonLines, redact: redact}
}

func (p *printer) line(s string) { fmt.Fprintln(p.w, termtext.Safe(p.redact(s))) }

func (p *printer) header(modelName, modelDesc, ws string, created bool, data string) {
	if p.json {
		return
	}
	state := "existing"
	if created {
		state = "new"
	}
	if modelDesc == "" {
		modelDesc = modelName
	}
	p.line("paddock · model     " + modelDesc)
	p.line(fmt.Sprintf("        · workspace %s (%s)", ws, state))
	p.line("        · records   " + store.DefaultPath(data))
}

func (p *printer) event(e agent.Event) {
	if p.json {
		e.Args, e.Output, e.Error, e.Text, e.Feedback = p.redact(e.Args), p.redact(e.Output), p.redact(e.Error), p.redact(e.Text), p.redact(e.Feedback)
		b, err := json.Marshal(e)
		if err != nil {
			return
		}
		fmt.Fprintf(p.w, "%s\n", b)
		return
	}
	step := fmt.Sprintf("[%d/%d]", e.Step, e.MaxSteps)
	pad := strings.Repeat(" ", len(step))
	switch e.Type {
	case agent.EventStart:
		p.line("Goal: " + termtext.OneLine(e.Text, 300))
		p.line(fmt.Sprintf("Run %s", e.TaskID))
	case agent.EventThought:
		p.line(fmt.Sprintf("%s 💭 %s", step, termtext.OneLine(e.Text, 200)))
	case agent.EventCall:
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
		case e.Decision == store.DecisionQuit:
			p.line(pad + " ■ stopped by the user")
		}
	case agent.EventResult:
		switch {
		case e.Error != "":
			p.line(fmt.Sprintf("%s ✗ %s", pad, termtext.OneLine(e.Error, 200)))
		case e.Blocked:
			p.line(fmt.Sprintf("%s ⛔ withheld from the model: prompt injection (score %.2f: %s)", pad, e.Score, termtext.OneLine(strings.Join(e.Reasons, "; "), 200)))
		default:
			p.output(pad, e.Output)
			if e.Flagged {
				p.line(fmt.Sprintf("%s ⚠ flagged as a likely prompt injection (score %.2f: %s)", pad, e.Score, termtext.OneLine(strings.Join(e.Reasons, "; "), 200)))
			}
		}
	case agent.EventNotice:
		p.line("⚠ " + termtext.OneLine(e.Text, 300))
	case agent.EventFinish:
		p.summary(e.Summary)
	}
}

// maxOutputLines is how many lines of a tool's output progress shows.
const maxOutputLines = 6

// output shows the first lines of a tool's output, each on one line.
func (p *printer) output(pad, out string) {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for i, l := range lines {
		mark := "✓"
		if i > 0 {
			mark = " "
		}
		if i == maxOutputLines {
			p.line(fmt.Sprintf("%s   … %d more lines", pad, len(lines)-i))
			return
		}
		p.line(fmt.Sprintf("%s %s %s", pad, mark, termtext.OneLine(l, 160)))
	}
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
	if len(s.Changed) > 0 {
		p.line("  files changed: " + termtext.OneLine(strings.Join(s.Changed, ", "), 500))
	} else {
		p.line("  files changed: none")
	}
	if s.Tainted != "" {
		p.line("  tainted: " + s.Tainted)
	}
	p.line(fmt.Sprintf("  details: paddock runs show %s", s.TaskID))
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
	sortStrings(keys)
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
