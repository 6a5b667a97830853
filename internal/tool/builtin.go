package tool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/workspace"
)

// Names of the built-in tools, as the model sees them.
const (
	ReadFile   = "read_file"
	WriteFile  = "write_file"
	ListFolder = "list_folder"
	AskUser    = "ask_user"
	Finish     = "finish"
)

// ErrNoAnswer is returned by an Asker when the user's input has ended; the run stops.
var ErrNoAnswer = errors.New("no answer: input ended")

// Asker puts a question to the user and returns the answer.
type Asker interface {
	Ask(ctx context.Context, question string) (string, error)
}

// Files returns read_file, write_file and list_folder on the workspace.
func Files(ws *workspace.Workspace) []Tool {
	return []Tool{
		&Func[struct {
			Filename string `json:"filename"`
		}]{
			Name:        ReadFile,
			Description: "Read a text file from the workspace. The filename is relative to the workspace.",
			Params:      Object(map[string]*Schema{"filename": String("file name relative to the workspace", 1, 4096)}),
			ToolKind:    Read,
			Run: func(_ context.Context, in struct {
				Filename string `json:"filename"`
			}) (Result, error) {
				r, err := ws.ReadFile(in.Filename)
				if err != nil {
					return Result{}, err
				}
				if bytes.IndexByte(r.Data, 0) >= 0 || !utf8.Valid(trimPartialRune(r.Data, r.Truncated)) {
					return Result{Output: fmt.Sprintf("%s is a binary file of %d bytes; its contents are not shown.", in.Filename, r.Size)}, nil
				}
				out := string(r.Data)
				if r.Truncated {
					out = strings.ToValidUTF8(out, "") + fmt.Sprintf("\n[paddock: truncated: showing the first %d of %d bytes]", len(r.Data), r.Size)
				}
				return Result{Output: out, Untrusted: true, Source: "file " + in.Filename}, nil
			},
		},
		&Func[struct {
			Filename string `json:"filename"`
			Contents string `json:"contents"`
		}]{
			Name:        WriteFile,
			Description: "Create or replace a text file in the workspace (folders are created as needed).",
			Params: Object(map[string]*Schema{
				"filename": String("file name relative to the workspace", 1, 4096),
				"contents": String("the whole new contents of the file", 0, 0),
			}),
			ToolKind: Consequential,
			Run: func(_ context.Context, in struct {
				Filename string `json:"filename"`
				Contents string `json:"contents"`
			}) (Result, error) {
				r, err := ws.WriteFile(in.Filename, []byte(in.Contents))
				if err != nil {
					return Result{}, err
				}
				verb := "Replaced"
				if r.Created {
					verb = "Created"
				}
				return Result{Output: fmt.Sprintf("%s %s (%d bytes).", verb, r.Name, r.Bytes), Changed: []string{r.Name}}, nil
			},
		},
		&Func[struct {
			Folder string `json:"folder"`
		}]{
			Name:        ListFolder,
			Description: `List the files in a workspace folder, recursively. Use "." for the whole workspace.`,
			Params:      Object(map[string]*Schema{"folder": String(`folder relative to the workspace, "." for its top`, 1, 4096)}),
			ToolKind:    Read,
			Run: func(_ context.Context, in struct {
				Folder string `json:"folder"`
			}) (Result, error) {
				l, err := ws.List(in.Folder)
				if err != nil {
					return Result{}, err
				}
				if len(l.Entries) == 0 {
					return Result{Output: fmt.Sprintf("%s is empty.", in.Folder)}, nil
				}
				var b strings.Builder
				for _, e := range l.Entries {
					switch {
					case e.Link:
						fmt.Fprintf(&b, "%s (symlink)\n", e.Name)
					case e.IsDir:
						fmt.Fprintf(&b, "%s/\n", e.Name)
					default:
						fmt.Fprintf(&b, "%s (%d bytes)\n", e.Name, e.Size)
					}
				}
				if l.Truncated {
					fmt.Fprintf(&b, "[paddock: listing cut at %d entries]\n", len(l.Entries))
				}
				// File names are chosen by whoever wrote the files: untrusted.
				return Result{Output: b.String(), Untrusted: true, Source: "folder listing " + in.Folder}, nil
			},
		},
	}
}

// trimPartialRune drops an incomplete UTF-8 sequence cut off at the end of a truncated read.
func trimPartialRune(b []byte, truncated bool) []byte {
	if !truncated {
		return b
	}
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// Control returns ask_user and finish.
func Control(asker Asker) []Tool {
	return []Tool{
		&Func[struct {
			Question string `json:"question"`
		}]{
			Name:        AskUser,
			Description: "Ask the user a question when you need information or a decision only they can give.",
			Params:      Object(map[string]*Schema{"question": String("the question", 1, 4000)}),
			ToolKind:    ControlKind,
			Run: func(ctx context.Context, in struct {
				Question string `json:"question"`
			}) (Result, error) {
				ans, err := asker.Ask(ctx, in.Question)
				if errors.Is(err, ErrNoAnswer) {
					return Result{Output: "The user's input ended; the run stops.", Stop: true}, nil
				}
				if err != nil {
					return Result{}, err
				}
				return Result{Output: "The user answered: " + ans}, nil
			},
		},
		&Func[struct {
			Reason string `json:"reason"`
		}]{
			Name:        Finish,
			Description: "Call when the goal is achieved, or cannot be achieved; say why.",
			Params:      Object(map[string]*Schema{"reason": String("a summary of what was done, or why the goal cannot be achieved", 1, 8000)}),
			ToolKind:    ControlKind,
			Run: func(_ context.Context, in struct {
				Reason string `json:"reason"`
			}) (Result, error) {
				return Result{Output: in.Reason, Finish: true}, nil
			},
		},
	}
}
