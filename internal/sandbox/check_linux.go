package sandbox

import (
	"context"
	"time"
)

// Probe is one escape attempt of the containment suite: a real process in
// the sandbox trying to get out (see probes_linux.go).
type Probe struct {
	Name   string // short identifier, e.g. "git-redirect"
	Threat string // the THREATS.md case it tests
	What   string // the attempt, in words
	p      probe
}

// ProbeResult is the verdict of one probe.
type ProbeResult struct {
	Contained bool
	// Detail says why the probe was not contained (empty when it was).
	Detail   string
	Duration time.Duration
}

// Probes returns the containment suite for this machine's architecture, in
// the order `paddock check` runs it.
func Probes() []Probe {
	list := allProbes()
	out := make([]Probe, len(list))
	for i, p := range list {
		out[i] = Probe{Name: p.name, Threat: p.threat, What: p.what, p: p}
	}
	return out
}

// Prober runs probes against the host-side fixtures it owns: a secret file
// outside every workspace, a TCP and an abstract-socket listener, a victim
// process, and a canary API key in this process's environment.
type Prober struct{ env *probeEnv }

// NewProber prepares the fixtures; Close removes them and restores the
// environment.
func NewProber() (*Prober, error) {
	env, err := newProbeEnv()
	if err != nil {
		return nil, err
	}
	return &Prober{env: env}, nil
}

// Run runs one probe and decides whether it was contained. A probe that
// cannot run, or ends in any way but the expected one, is not contained.
func (pr *Prober) Run(ctx context.Context, p Probe) ProbeResult {
	o := pr.env.runProbe(ctx, p.p)
	return ProbeResult{Contained: o.contained, Detail: o.detail, Duration: o.duration}
}

// Close removes the fixtures and restores the environment.
func (pr *Prober) Close() { pr.env.close() }

// ProcessesLeft lists host processes still running under the uids of the
// sandboxes this Prober ran (its own pair, no other sandbox's): after the
// probes, each one is a process that outlived its sandbox.
func (pr *Prober) ProcessesLeft() []int { return pr.env.processesLeft() }
