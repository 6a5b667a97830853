package stage

import "testing"

func TestSeccompFilterAssembles(t *testing.T) {
	f, err := buildSeccompFilter()
	if err != nil {
		t.Fatal(err)
	}
	if len(f) == 0 || len(f) > 4096 {
		t.Fatalf("filter has %d instructions", len(f))
	}
	last := f[len(f)-1]
	if last.code != bpfRET|bpfK || last.k != retKillProcess {
		t.Errorf("last instruction %+v, want RET KILL_PROCESS", last)
	}
	for i, ins := range f {
		if ins.code&0x07 == bpfJMP && (i+1+int(ins.jt) >= len(f) || i+1+int(ins.jf) >= len(f)) {
			t.Errorf("instruction %d jumps out of the program", i)
		}
	}
}

// TestSeccompDeniesNodeTypes checks the filter's table: every node syscall
// of this architecture has a reason, and the file types it refuses are the
// ones the probes and tests expect.
func TestSeccompDeniesNodeTypes(t *testing.T) {
	nodes := nodeSyscalls()
	if len(nodes) == 0 {
		t.Fatal("no node syscall is filtered")
	}
	for _, n := range nodes {
		if n.reason == "" || n.name == "" {
			t.Errorf("node syscall %d has no name or reason", n.nr)
		}
	}
	if len(deniedNodeTypes) != 3 {
		t.Errorf("denied node types %v, want FIFO, char and block", deniedNodeTypes)
	}
}
