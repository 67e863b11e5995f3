package markdown

import (
	"bytes"
	"fmt"
)

// checkNesting refuses src when its block nesting goes deeper than limit,
// before goldmark sees it: deep nesting costs goldmark memory and stack per
// level and is never needed in a press release. The scan is one linear pass
// over the lines and deliberately approximate: it counts the blockquote and
// list markers that open a line ("> > - ") plus the list items that enclose it
// by indentation, and it skips fenced code blocks. It returns a *Problem at
// the marker that crosses the limit, or nil.
func checkNesting(src []byte, limit int) *Problem {
	var (
		items     []int // content columns of the open list items, by indentation
		fence     byte  // '`' or '~' inside a fenced code block, else 0
		fenceLen  int
		lineStart int
	)
	for lineNo := 1; lineStart < len(src); lineNo++ {
		end := bytes.IndexByte(src[lineStart:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += lineStart
		}
		line := src[lineStart:end]
		lineStart = end + 1

		i, indent := skipIndent(line, 0, 0)
		if i == len(line) {
			continue // blank lines close nothing that matters here
		}
		contentCol := 0
		if len(items) > 0 {
			contentCol = items[len(items)-1]
		}
		if fence != 0 {
			if n := fenceRun(line[i:], fence); n >= fenceLen && indent <= contentCol+3 && onlySpace(line[i+n:]) {
				fence = 0
			}
			continue
		}
		if c := line[i]; (c == '`' || c == '~') && indent <= contentCol+3 {
			if n := fenceRun(line[i:], c); n >= 3 && (c == '~' || bytes.IndexByte(line[i+n:], '`') < 0) {
				fence, fenceLen = c, n
				continue
			}
		}

		// List items opened on earlier lines enclose this line while it is
		// indented to their content; a list marker at a lower column closes them.
		if n := listMarker(line, i); n > 0 || indent < contentCol {
			for len(items) > 0 && items[len(items)-1] > indent {
				items = items[:len(items)-1]
			}
		}
		depth := len(items)
		if depth > limit {
			return nestingProblem(lineNo, line, i, limit)
		}
		first := true
		for i < len(line) {
			var n int
			switch {
			case line[i] == '>':
				n = 1
			default:
				n = listMarker(line, i)
			}
			if n == 0 {
				break
			}
			depth++
			if depth > limit {
				return nestingProblem(lineNo, line, i, limit)
			}
			isList := line[i] != '>'
			i, indent = skipIndent(line, i+n, indent+n)
			if isList && first {
				// Only the first marker of a line nests later lines by
				// indentation; "- - a" is rare and counted on its own line.
				items = append(items, min(indent, len(line)))
			}
			first = false
		}
	}
	return nil
}

func nestingProblem(lineNo int, line []byte, i, limit int) *Problem {
	return &Problem{
		Line: lineNo,
		Col:  1 + runeCount(line[:i]),
		Msg:  fmt.Sprintf("blocks nested deeper than %d levels (\">\" quotes or indented lists); flatten the structure", limit),
	}
}

// skipIndent skips spaces and tabs from line[i:], returning the new index and
// the column reached, tabs advancing to the next multiple of 4.
func skipIndent(line []byte, i, col int) (int, int) {
	for i < len(line) {
		switch line[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return i, col
		}
		i++
	}
	return i, col
}

// listMarker returns the length of a list marker ("-", "+", "*", "1.", "12)")
// at line[i] followed by a space, a tab or the end of the line, else 0.
func listMarker(line []byte, i int) int {
	j := i
	switch {
	case j < len(line) && (line[j] == '-' || line[j] == '+' || line[j] == '*'):
		j++
	default:
		for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
			j++
		}
		if j == i || j >= len(line) || (line[j] != '.' && line[j] != ')') {
			return 0
		}
		j++
	}
	if j < len(line) && line[j] != ' ' && line[j] != '\t' {
		return 0
	}
	return j - i
}

func fenceRun(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
