package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

type downloadIn struct {
	URL      string `json:"url"`
	Filename string `json:"filename"`
}

func (f *fetcher) downloadTool() tool.Tool {
	return &tool.Func[downloadIn]{
		Name: DownloadFile,
		Description: "Download a file (http or https) and save it into the workspace under filename; its contents are not shown. " +
			"The file must fit the workspace limits. " + allowedHosts(f.cfg.Policy),
		Params: tool.Object(map[string]*tool.Schema{
			"url":      tool.String("the http or https URL of the file", 1, 4096),
			"filename": tool.String("where to save it, relative to the workspace", 1, 4096),
		}),
		ToolKind: tool.Consequential,
		Run:      f.download,
	}
}

// downloadLimit is the most download_file reads: the smaller of the response cap and the
// workspace's per-write limit.
func (f *fetcher) downloadLimit() int64 {
	return min(f.cfg.MaxBytes, f.cfg.Workspace.Limits().MaxWriteBytes)
}

// download is download_file's handler.
func (f *fetcher) download(ctx context.Context, in downloadIn) (tool.Result, error) {
	// Check the name before any network traffic.
	name, err := workspace.Clean(in.Filename)
	if err != nil {
		return tool.Result{}, err
	}
	if name == "." {
		return tool.Result{}, fmt.Errorf("download to %q: %w", in.Filename, workspace.ErrIsDir)
	}
	if workspace.Protected(name) {
		return tool.Result{}, fmt.Errorf("download to %q: %w: it is run or loaded by tools later", in.Filename, workspace.ErrProtected)
	}
	u, err := parseTarget(in.URL)
	if err != nil {
		return tool.Result{}, err
	}
	resp, err := f.get(ctx, u, "*/*")
	if err != nil {
		return tool.Result{}, err
	}
	defer resp.Body.Close()
	limit := f.downloadLimit()
	if resp.ContentLength > limit {
		return tool.Result{}, fmt.Errorf("download %s: %w: the file is %s, more than the %s a download may write into the workspace",
			redact(u), ErrTooLarge, formatSize(resp.ContentLength), formatSize(limit))
	}
	// Read at most limit+1 bytes: one more than allowed proves the file is too large.
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if errors.Is(err, egress.ErrTooLarge) || int64(len(data)) > limit {
		return tool.Result{}, fmt.Errorf("download %s: %w: the file is more than the %s a download may write into the workspace",
			redact(u), ErrTooLarge, formatSize(limit))
	}
	if err != nil {
		return tool.Result{}, f.explain(u, err)
	}
	w, err := f.cfg.Workspace.WriteFile(name, data)
	if err != nil {
		return tool.Result{}, err
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	final := resp.Request.URL
	return tool.Result{
		Output: fmt.Sprintf("Saved %s (%d bytes, %s) from %s.", w.Name, w.Bytes, cleanMediaType(mt), final),
		// The final URL and type come from the server.
		Untrusted: true,
		Source:    "download " + redact(final),
		Changed:   []string{w.Name},
	}, nil
}
