package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// ShareRequest is the body of POST /paddock/v1/shares: a read-only grant of one artifact to
// another tenant.
type ShareRequest struct {
	TaskID     string `json:"task_id"`
	ArtifactID string `json:"artifact_id"`
	Grantee    string `json:"grantee"`
}

func (s *Server) createShare(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req ShareRequest
	if err := decodeJSON(r, &req, false); err != nil {
		return err
	}
	if !validID(req.TaskID) || !validID(req.ArtifactID) {
		return notFound("artifact")
	}
	if tenant.ValidName(req.Grantee) != nil || req.Grantee == p.Tenant {
		return unprocessable("grantee must name another tenant")
	}
	// A grantee no tenant has is answered exactly like one that exists (the share is stored,
	// bound to no tenant, and never readable), so sharing cannot be used to learn tenant names.
	sh := &store.Share{Owner: p.Tenant, TaskID: req.TaskID, ArtifactID: req.ArtifactID, Grantee: req.Grantee}
	if err := s.st.Tenant(p.Tenant).CreateShare(r.Context(), sh); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("artifact")
		}
		return fmt.Errorf("create share: %w", err)
	}
	s.auditShare(r.Context(), p, "share.create", sh)
	writeJSON(w, http.StatusCreated, sh)
	return nil
}

// auditShare records a share event in the owner's chain and the grantee's.
func (s *Server) auditShare(ctx context.Context, p *principal, action string, sh *store.Share) {
	detail, _ := json.Marshal(sh)
	chains := []string{sh.Owner, sh.Grantee}
	if sh.GranteeSlot == 0 {
		chains = chains[:1] // no tenant has the grantee's name: no chain of its own to write
	}
	for _, t := range chains {
		actor := p.KeyID
		if t != p.Tenant {
			actor = "tenant:" + p.Tenant
		}
		if err := s.audit.Append(context.WithoutCancel(ctx), &store.AuditEntry{Tenant: t, Actor: actor, Action: action,
			Target: sh.ID, Outcome: "ok", Detail: string(detail)}); err != nil {
			s.log.Error("audit append failed", "tenant", t, "err", err)
		}
	}
}

func (s *Server) listShares(w http.ResponseWriter, r *http.Request, p *principal) error {
	given, received, err := s.st.Tenant(p.Tenant).Shares(r.Context())
	if err != nil {
		return fmt.Errorf("list shares: %w", err)
	}
	if given == nil {
		given = []*store.Share{}
	}
	if received == nil {
		received = []*store.Share{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"given": given, "received": received})
	return nil
}

func (s *Server) revokeShare(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "share_id", "share")
	if err != nil {
		return err
	}
	sh, err := s.st.Tenant(p.Tenant).RevokeShare(r.Context(), id)
	if err != nil {
		return storeErr(err, "share")
	}
	s.auditShare(r.Context(), p, "share.revoke", sh)
	writeJSON(w, http.StatusOK, sh)
	return nil
}

// downloadShared lets a grantee read the one artifact a live grant names; nothing else of the
// owner's is reachable through it.
func (s *Server) downloadShared(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "share_id", "share")
	if err != nil {
		return err
	}
	sh, a, err := s.st.SharedArtifact(r.Context(), p.Tenant, id)
	if err != nil {
		return storeErr(err, "share")
	}
	s.auditShare(r.Context(), p, "share.read", sh)
	return s.sendArtifact(w, r, a)
}
