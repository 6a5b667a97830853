package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// uploadArtifact takes a multipart form with a "file" part and an optional "relative_path" field
// (the folder in the task's workspace) and writes the file into the workspace.
func (s *Server) uploadArtifact(w http.ResponseWriter, r *http.Request, p *principal) error {
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	if _, err := s.st.Tenant(p.Tenant).Task(r.Context(), taskID); err != nil {
		return storeErr(err, "task")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return badRequest("send multipart/form-data with a \"file\" part and an optional \"relative_path\" field")
	}
	var rel, fileName string
	var data []byte
	gotFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return err
			}
			return badRequest("the multipart body is malformed")
		}
		switch part.FormName() {
		case "relative_path":
			b, err := io.ReadAll(io.LimitReader(part, 4097))
			if err != nil {
				return uploadReadErr(err)
			}
			if len(b) > 4096 {
				return badRequest("relative_path is longer than 4096 bytes")
			}
			rel = string(b)
		case "file":
			if gotFile {
				return badRequest("send one \"file\" part")
			}
			gotFile = true
			fileName = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, s.cfg.Limits.MaxUploadBytes+1))
			if err != nil {
				return uploadReadErr(err)
			}
			if int64(len(data)) > s.cfg.Limits.MaxUploadBytes {
				return errorf(http.StatusRequestEntityTooLarge, "too_large", "the file is larger than %d bytes", s.cfg.Limits.MaxUploadBytes)
			}
		default:
			_, _ = io.Copy(io.Discard, part)
		}
		part.Close()
	}
	if !gotFile {
		return badRequest("the \"file\" part is missing")
	}
	if fileName == "" || fileName == "." || fileName == ".." || strings.ContainsAny(fileName, "/\\\x00") || len(fileName) > 255 {
		return badRequest("the file needs a plain file name (no folders; put those in relative_path)")
	}
	clean, err := uploadFolder(rel, fileName)
	if err != nil {
		return err
	}
	full := path.Join(clean, fileName)
	limits, err := s.workspaceLimits(p.Tenant, taskID, workspace.Limits{MaxWriteBytes: s.cfg.Limits.MaxUploadBytes})
	if err != nil {
		return err
	}
	ws, err := workspace.Create(s.workspaceDir(p.Tenant, taskID), limits)
	if err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	defer ws.Close()
	defer s.remeasure(p.Tenant, taskID, ws)
	if _, err := ws.WriteFile(full, data); err != nil {
		switch {
		case errors.Is(err, workspace.ErrQuota):
			return errorf(http.StatusRequestEntityTooLarge, "quota", "the task's workspace is full")
		case errors.Is(err, workspace.ErrIsDir), errors.Is(err, workspace.ErrNotDir):
			return errorf(http.StatusConflict, "path_conflict", "cannot write %q: %s", clip(full, 300), clip(err.Error(), 300))
		case errors.Is(err, workspace.ErrOutside), errors.Is(err, workspace.ErrInvalidName), errors.Is(err, workspace.ErrProtected),
			errors.Is(err, workspace.ErrSymlink), errors.Is(err, workspace.ErrSpecial):
			return badRequest("cannot write %q: %s", clip(full, 300), clip(err.Error(), 300))
		}
		return fmt.Errorf("write artifact: %w", err)
	}
	if clean == "." {
		clean = ""
	}
	a := &store.Artifact{Tenant: p.Tenant, TaskID: taskID, FileName: fileName, RelativePath: clean}
	if err := s.st.Tenant(p.Tenant).PutArtifact(r.Context(), a); err != nil {
		return storeErr(err, "task")
	}
	writeJSON(w, http.StatusOK, apArtifact(a))
	return nil
}

// uploadFolder returns the workspace folder an upload goes to. relative_path may name the folder
// ("sub/dir" or "sub/dir/") or, as AutoGPT's clients also send it, the file's full path
// ("sub/dir/data.csv" for the file data.csv): a path ending in "/" is a folder; one whose last
// element is the file's name is the full path.
func uploadFolder(rel, fileName string) (string, error) {
	rel = strings.TrimSpace(rel)
	folder := strings.TrimSuffix(rel, "/")
	if !strings.HasSuffix(rel, "/") && path.Base(folder) == fileName {
		folder = path.Dir(folder)
	}
	if folder == "" {
		folder = "."
	}
	clean, err := workspace.Clean(folder)
	if err != nil {
		return "", badRequest("relative_path: %s", err)
	}
	return clean, nil
}

func uploadReadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return badRequest("cannot read the upload")
}

func (s *Server) listArtifacts(w http.ResponseWriter, r *http.Request, p *principal) error {
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	limit, offset, current, err := page(r)
	if err != nil {
		return err
	}
	if _, err := s.st.Tenant(p.Tenant).Task(r.Context(), taskID); err != nil {
		return storeErr(err, "task")
	}
	arts, total, err := s.st.Tenant(p.Tenant).Artifacts(r.Context(), taskID, limit, offset)
	if err != nil {
		return fmt.Errorf("list artifacts: %w", err)
	}
	out := make([]Artifact, 0, len(arts))
	for _, a := range arts {
		out = append(out, apArtifact(a))
	}
	writeJSON(w, http.StatusOK, map[string]any{"artifacts": out, "pagination": pagination(total, current, limit)})
	return nil
}

func (s *Server) downloadArtifact(w http.ResponseWriter, r *http.Request, p *principal) error {
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	id, err := pathID(r, "artifact_id", "artifact")
	if err != nil {
		return err
	}
	a, err := s.st.Tenant(p.Tenant).Artifact(r.Context(), taskID, id)
	if err != nil {
		return storeErr(err, "artifact")
	}
	return s.sendArtifact(w, r, a)
}

// sendArtifact streams an artifact's file from its task's workspace through [workspace.Workspace.Open],
// so a symlink the agent planted is not followed and a FIFO or device it left in the artifact's
// place is refused without blocking.
func (s *Server) sendArtifact(w http.ResponseWriter, r *http.Request, a *store.Artifact) error {
	ws, err := workspace.Open(s.workspaceDir(a.Tenant, a.TaskID), workspace.DefaultLimits)
	if err != nil {
		return notFound("artifact")
	}
	defer ws.Close()
	name := a.FileName
	if a.RelativePath != "" {
		name = path.Join(a.RelativePath, a.FileName)
	}
	f, fi, err := ws.Open(name)
	if err != nil {
		return notFound("artifact") // deleted by the agent, or replaced by a link or a special file
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.FileName}))
	w.Header().Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, io.LimitReader(f, fi.Size()))
	}
	return nil
}
