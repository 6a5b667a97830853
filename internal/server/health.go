package server

import (
	"context"
	"net/http"
	"time"
)

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// readyz answers 200 when the store answers and the sandbox self-test (if any) passes, and 503
// while draining or when either fails. Failure details go to the log, not the response.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.draining.Load() {
		return errorf(http.StatusServiceUnavailable, "draining", "the server is shutting down")
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"store": "ok"}
	status := http.StatusOK
	if err := s.st.Ping(ctx); err != nil {
		s.log.Error("readiness: store", "err", err)
		checks["store"], status = "failing", http.StatusServiceUnavailable
	}
	checks["disk"] = "ok"
	if err := s.checkFree(); err != nil {
		s.log.Error("readiness: disk", "err", err)
		checks["disk"], status = "low", http.StatusServiceUnavailable
	}
	if s.cfg.Cluster != nil {
		// A node whose lease lapsed may have lost its steps to another node: send no more here.
		checks["lease"] = "ok"
		if st := s.cfg.Cluster.Stats(ctx); !st.LeaseHeld {
			s.log.Error("readiness: this node's lease in the shared database is not renewed")
			checks["lease"], status = "failing", http.StatusServiceUnavailable
		}
	}
	if s.cfg.ReadyCheck != nil {
		checks["sandbox"] = "ok"
		if err := s.cfg.ReadyCheck(ctx); err != nil {
			s.log.Error("readiness: sandbox", "err", err)
			checks["sandbox"], status = "failing", http.StatusServiceUnavailable
		}
	}
	writeJSON(w, status, map[string]any{"ready": status == http.StatusOK, "checks": checks})
	return nil
}

func (s *Server) serveMetrics(w http.ResponseWriter, _ *http.Request, p *principal) error {
	w.Header().Set("Content-Type", metricsContentType)
	only := p.Tenant
	if p.Operator {
		only = ""
	}
	s.metrics.write(w, only)
	return nil
}
