package policy

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/paddock-dev/paddock/internal/termtext"
	"github.com/paddock-dev/paddock/internal/tool"
)

// Reply is the user's answer to an approval question.
type Reply int

// The replies: y, n, a, q.
const (
	Yes Reply = iota
	No
	Always
	Quit
)

// Answer is one approval answer, with feedback for the model after "n".
type Answer struct {
	Reply    Reply
	Feedback string
	// Save is set by "A": always allow, and save the rule to the user's rules file.
	Save bool
}

// Prompter asks the user on a terminal, or reads answers one per line from a pipe. End of input
// means q. It implements tool.Asker for ask_user. Safe for use by one run at a time.
type Prompter struct {
	out         io.Writer
	interactive bool
	lines       chan lineOrErr
	start       sync.Once
	in          io.Reader
	display     Display
	rulesFile   string        // where "A" saves a rule (SetRulesFile); "" when nowhere
	wants       chan struct{} // asks the reading goroutine for one line
	asked       bool          // a line was asked for and not yet received
}

type lineOrErr struct {
	line string
	err  error
}

// NewPrompter makes a prompter reading in and writing questions to out. interactive says in is a
// terminal: then an unclear answer is asked again, and "n" asks for optional feedback; otherwise an
// unclear answer stops the run (so a script that is out of step never approves the wrong call).
func NewPrompter(in io.Reader, out io.Writer, interactive bool) *Prompter {
	return &Prompter{in: in, out: out, interactive: interactive, lines: make(chan lineOrErr)}
}

// SetDisplay sets how calls are shown (colours, diffs against the workspace, a pager for "v").
// Call it before the first question.
func (p *Prompter) SetDisplay(d Display) { p.display = d }

// readLine returns the next input line. Reading happens in one goroutine so a cancelled context
// does not wait for input; it reads only when a line is asked for, so that nothing reads the
// terminal between questions (while the pager of "v" has it, for one).
func (p *Prompter) readLine(ctx context.Context) (string, error) {
	p.start.Do(func() {
		p.wants = make(chan struct{}, 1)
		go func() {
			br := bufio.NewReaderSize(p.in, 64<<10)
			for range p.wants {
				line, err := br.ReadString('\n')
				if line != "" || err == nil {
					p.lines <- lineOrErr{line: strings.TrimRight(line, "\r\n")}
					continue
				}
				p.lines <- lineOrErr{err: io.EOF}
				for range p.wants {
					p.lines <- lineOrErr{err: io.EOF}
				}
			}
		}()
	})
	if !p.asked {
		p.wants <- struct{}{}
		p.asked = true
	}
	select {
	case <-ctx.Done():
		return "", ctx.Err() // the read stays asked for: its line answers the next question
	case l := <-p.lines:
		p.asked = false
		return l.line, l.err
	}
}

// Confirm shows a proposed call and asks y/n/a/q. why, when set, says why the question is asked.
func (p *Prompter) Confirm(ctx context.Context, name, args, why string) (Answer, error) {
	fmt.Fprintf(p.out, "\n%s\n", RenderCall(name, args, p.display))
	if why != "" {
		fmt.Fprintf(p.out, "   (%s)\n", termtext.OneLine(why, 300))
	}
	view := ""
	if p.display.View != nil && p.interactive {
		view = " / [v]iew all"
	}
	for {
		fmt.Fprintf(p.out, "   Run it? [y]es / [n]o (optionally \"n <feedback>\") / %s%s / [q]uit: ", p.alwaysOffer(name, args), view)
		line, err := p.readLine(ctx)
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(p.out, "q (end of input)")
			return Answer{Reply: Quit}, nil
		}
		if err != nil {
			return Answer{}, err
		}
		if !p.interactive {
			fmt.Fprintln(p.out, termtext.OneLine(line, 200))
		}
		if view != "" && strings.EqualFold(strings.TrimSpace(line), "v") {
			if err := p.display.View(FullArguments(name, args)); err != nil {
				fmt.Fprintf(p.out, "   cannot show the pager: %s\n", termtext.OneLine(err.Error(), 200))
			}
			continue
		}
		a, ok := ParseAnswer(line)
		if ok && a.Save {
			p.saveAlways(name, args)
		}
		if ok {
			if a.Reply == No && a.Feedback == "" && p.interactive {
				fmt.Fprint(p.out, "   Feedback for the model (Enter for none): ")
				fb, err := p.readLine(ctx)
				if err != nil && !errors.Is(err, io.EOF) {
					return Answer{}, err
				}
				a.Feedback = strings.TrimSpace(fb)
			}
			return a, nil
		}
		if !p.interactive {
			fmt.Fprintf(p.out, "   unclear answer %q: stopping (answer y, n, a or q, one per line)\n", termtext.OneLine(line, 80))
			return Answer{Reply: Quit}, nil
		}
		fmt.Fprintln(p.out, "   Please answer y, n, a or q.")
	}
}

// ParseAnswer reads one answer line: y, yes, n, no, "n <feedback>", "n: <feedback>", a, always,
// A (always, and save the rule), q, quit.
func ParseAnswer(line string) (Answer, bool) {
	s := strings.TrimSpace(line)
	if s == "A" {
		return Answer{Reply: Always, Save: true}, true
	}
	word, rest, _ := strings.Cut(s, " ")
	word = strings.TrimSuffix(strings.ToLower(word), ":")
	rest = strings.TrimSpace(rest)
	switch word {
	case "y", "yes":
		return Answer{Reply: Yes}, rest == ""
	case "a", "always":
		return Answer{Reply: Always}, rest == ""
	case "q", "quit":
		return Answer{Reply: Quit}, rest == ""
	case "n", "no":
		return Answer{Reply: No, Feedback: rest}, true
	}
	if strings.HasPrefix(strings.ToLower(s), "n:") {
		return Answer{Reply: No, Feedback: strings.TrimSpace(s[2:])}, true
	}
	return Answer{}, false
}

// Ask implements tool.Asker: it shows the model's question and reads one line.
func (p *Prompter) Ask(ctx context.Context, question string) (string, error) {
	fmt.Fprintf(p.out, "\n❓ The agent asks: %s\n   Your answer: ", termtext.Safe(question))
	line, err := p.readLine(ctx)
	if errors.Is(err, io.EOF) {
		fmt.Fprintln(p.out, "(end of input)")
		return "", tool.ErrNoAnswer
	}
	if err != nil {
		return "", err
	}
	if !p.interactive {
		fmt.Fprintln(p.out, termtext.OneLine(line, 200))
	}
	return line, nil
}
