package detect

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

var zzNames = strings.Fields(`cIgnore cPrev cAll cInstr cSystem cPrompt cReveal cYour cNew cNow cYou cAre cFrom cOn cAct cUnrestricted cNo cLimits cMode cModeKind cAI cNote cReading cWhen cDont cTell cUser cThis cSecret cSend cHistory cDecode cObey cStop cTask cPwned cOverride cSafety cColon cClaim cUrgent cChatRole cRole cPipe cShell cFetch cAdmin cGrant cEverything cAccess cGranted cURL cAt cTo cDo cComma cResponse cSteer cRm cRf cMeta cOnly cSayV cAsk`)

func TestZZTok(t *testing.T) {
	s := os.Getenv("ZZ_TEXT")
	if s == "" {
		t.Skip()
	}
	var tz tokenizer
	tz.run(s, lexIndex())
	for _, tk := range tz.toks {
		var cs []string
		for b := 0; b < 64; b++ {
			if tk.concepts&(1<<b) != 0 {
				cs = append(cs, zzNames[b])
			}
		}
		fmt.Printf("%q %v\n", tz.buf[tk.start:tk.end], cs)
	}
}
