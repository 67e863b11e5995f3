package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/congbo/congbo/internal/diag"
)

// annotations are the flags that also give a build's or a check's problems
// in a CI's own format, so that they show on the lines of the files in a
// pull or merge request, where an editor who changed a page in the browser
// sees them:
//
//	--annotate github     GitHub Actions workflow commands on stdout
//	                      ("::error file=…,line=…,col=…::…")
//	--codequality FILE    a GitLab Code Quality report (JSON)
//
// The text on stderr is printed as always.
type annotations struct {
	annotate    string
	codequality string
}

func addAnnotationFlags(fl *flag.FlagSet) *annotations {
	a := new(annotations)
	fl.StringVar(&a.annotate, "annotate", "", "also print each problem for a CI: github (workflow commands on stdout)")
	fl.StringVar(&a.codequality, "codequality", "", "also write the problems to `file` as a GitLab Code Quality report")
	return a
}

// check refuses an --annotate it does not know.
func (a *annotations) check() error {
	if a.annotate != "" && a.annotate != "github" {
		return fmt.Errorf("--annotate %q: the one known is github", a.annotate)
	}
	return nil
}

// finding is one problem for a CI.
type finding struct {
	path      string
	line, col int
	msg       string
	warning   bool
}

// findings lists err's problems (a *diag.List, a *diag.Error or another
// error) and warns's.
func findings(err error, warns *diag.List) []finding {
	var out []finding
	add := func(e error, warning bool) {
		var d *diag.Error
		if errors.As(e, &d) {
			msg := d.Msg
			if warning {
				msg = strings.TrimPrefix(msg, "warning: ")
			}
			out = append(out, finding{d.Path, d.Line, d.Col, msg, warning})
			return
		}
		out = append(out, finding{msg: e.Error(), warning: warning})
	}
	var list *diag.List
	switch {
	case err == nil:
	case errors.As(err, &list):
		for _, e := range list.Errors() {
			add(e, false)
		}
	default:
		add(err, false)
	}
	if warns != nil {
		for _, e := range warns.Errors() {
			add(e, true)
		}
	}
	return out
}

// write gives the problems of err and warns as the flags ask. stdout takes
// GitHub's workflow commands.
func (a *annotations) write(stdout io.Writer, err error, warns *diag.List) error {
	if a == nil || (a.annotate == "" && a.codequality == "") {
		return nil
	}
	fs := findings(err, warns)
	if a.annotate == "github" {
		for _, f := range fs {
			fmt.Fprintln(stdout, githubCommand(f))
		}
	}
	if a.codequality != "" {
		data, err := codeQuality(fs)
		if err != nil {
			return err
		}
		if err := os.WriteFile(a.codequality, data, 0o644); err != nil {
			return fmt.Errorf("--codequality: %w", err)
		}
	}
	return nil
}

// githubCommand is f as a workflow command: GitHub shows it on the line
// of the file in the pull request's changes and in the run's summary.
func githubCommand(f finding) string {
	kind := "error"
	if f.warning {
		kind = "warning"
	}
	var props []string
	if f.path != "" {
		props = append(props, "file="+escapeProperty(f.path))
		if f.line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.line))
			if f.col > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.col))
			}
		}
	}
	props = append(props, "title=congbo")
	return "::" + kind + " " + strings.Join(props, ",") + "::" + escapeData(f.msg)
}

// escapeData and escapeProperty escape as GitHub's toolkit does
// (actions/toolkit, core/src/command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// codeQuality is the findings as GitLab's Code Quality report, which a
// merge request shows beside the lines changed. A finding without a file
// is put on site.yaml, as the report needs a path.
func codeQuality(fs []finding) ([]byte, error) {
	type lines struct {
		Begin int `json:"begin"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Location    location `json:"location"`
	}
	out := make([]issue, 0, len(fs))
	for _, f := range fs {
		p, line := f.path, max(f.line, 1)
		if p == "" {
			p = "site.yaml"
		}
		sev := "major"
		if f.warning {
			sev = "minor"
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%s", p, f.line, f.col, f.msg))
		out = append(out, issue{Description: f.msg, CheckName: "congbo", Fingerprint: hex.EncodeToString(sum[:16]), Severity: sev, Location: location{Path: p, Lines: lines{Begin: line}}})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	return append(data, '\n'), err
}
