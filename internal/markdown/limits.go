package markdown

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Limits on what goldmark parses in quadratic time or memory. Measured with
// goldmark v1.8.7: 25,000 "[" and "]" in one paragraph take 0.7 s, 50,000
// unmatched "*a_" emphasis runs 3.4 s, 50,000 unclosed "[a](b" on one line
// 16 s; a 50,000-column table with 1,000 rows never finished. At these limits
// each case stays under 50 ms, far beyond any real press release.
const (
	maxBrackets   = 5000    // "[" and "]" in one paragraph
	maxDelimiters = 5000    // runs of "*", "_" or "~" in one paragraph
	maxTableCells = 100_000 // header columns × rows in one table
)

// checkLoad refuses src when one of its paragraphs or tables would take
// goldmark quadratic time, returning a *Problem at the character that crossed
// a limit, or nil. Like checkNesting it is one linear, approximate pass: a
// "paragraph" here is a list item, a heading or a run of lines between blank
// lines, and a table's rows each count on their own, because goldmark parses
// each of them separately.
func checkLoad(src []byte) *Problem {
	var (
		brackets, delims int
		tableCols        int // columns of the table being scanned, or 0
		tableCells       int
		prevStart        = -1 // start of the previous non-blank line in this block, or -1
		lineStart        int
	)
	for lineNo := 1; lineStart < len(src); lineNo++ {
		end := bytes.IndexByte(src[lineStart:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += lineStart
		}
		line := src[lineStart:end]
		start := lineStart
		lineStart = end + 1

		i, _ := skipIndent(line, 0, 0)
		if i == len(line) {
			brackets, delims, tableCols, tableCells, prevStart = 0, 0, 0, 0, -1
			continue
		}
		for i < len(line) && line[i] == '>' { // a quote marker does not start a new paragraph
			i, _ = skipIndent(line, i+1, 0)
		}
		if startsOwnParagraph(line, i) {
			brackets, delims = 0, 0
		}
		if tableCols > 0 && bytes.IndexByte(line, '|') < 0 {
			tableCols = 0 // the table ended; count this line as paragraph text
		}
		if tableCols == 0 && prevStart >= 0 {
			if n := delimiterRowColumns(line); n > 0 {
				tableCols, tableCells = n, n // the header row
			}
		}
		prevStart = start
		if tableCols > 0 {
			brackets, delims = 0, 0 // each row is parsed on its own
			if tableCells += tableCols; tableCells > maxTableCells {
				return loadProblem(lineNo, line, 0, fmt.Sprintf("table has more than %d cells (columns × rows); split it into smaller tables", maxTableCells))
			}
		}
		for j := 0; j < len(line); j++ {
			for j+8 <= len(line) && !hasLoadChar(binary.LittleEndian.Uint64(line[j:])) {
				j += 8
			}
			if j == len(line) {
				break
			}
			switch c := line[j]; c {
			case '[', ']':
				if brackets++; brackets > maxBrackets {
					return loadProblem(lineNo, line, j, fmt.Sprintf("paragraph has more than %d \"[\" and \"]\"; split it into shorter paragraphs", maxBrackets))
				}
			case '*', '_', '~':
				if j > 0 && line[j-1] == c {
					continue // the same run
				}
				if delims++; delims > maxDelimiters {
					return loadProblem(lineNo, line, j, fmt.Sprintf("paragraph has more than %d runs of \"*\", \"_\" or \"~\"; split it into shorter paragraphs", maxDelimiters))
				}
			}
		}
	}
	return nil
}

// hasLoadChar reports whether one of the 8 bytes of w may be a character
// checkLoad counts: "[", "]", "*", "_" or "~". It may say so of "Y" too:
// "Y", "[", "]" and "_" are the bytes whose value with bits 1 and 2 set
// is "_".
func hasLoadChar(w uint64) bool {
	const bits12 = 0x0606060606060606
	return hasByte(w|bits12, '_')|hasByte(w, '*')|hasByte(w, '~') != 0
}

// hasByte is not zero when a byte of w is c.
func hasByte(w uint64, c byte) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	x := w ^ (lo * uint64(c))
	return (x - lo) &^ x & hi
}

func loadProblem(lineNo int, line []byte, i int, msg string) *Problem {
	return &Problem{Line: lineNo, Col: 1 + runeCount(line[:i]), Msg: msg}
}

// delimiterRowColumns returns the number of columns of a GFM table delimiter
// row ("| :-- | --: |"), or 0 when line is not one.
func delimiterRowColumns(line []byte) int {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return 0
	}
	pipes, dashes := 0, 0
	for _, c := range line {
		switch c {
		case '|':
			pipes++
		case '-':
			dashes++
		case ':', ' ', '\t':
		default:
			return 0
		}
	}
	if dashes == 0 || pipes == 0 {
		return 0
	}
	cols := pipes + 1
	if line[0] == '|' {
		cols--
	}
	if len(line) > 1 && line[len(line)-1] == '|' {
		cols--
	}
	return max(cols, 1)
}

// startsOwnParagraph reports whether line, from index i, starts a block that
// goldmark parses on its own even right after paragraph text: an ATX heading,
// a bullet list item or an ordered one numbered 1. Other lines could be lazy
// continuations of the paragraph above, so they keep its counts.
func startsOwnParagraph(line []byte, i int) bool {
	if i >= len(line) {
		return false
	}
	switch c := line[i]; {
	case c == '#':
		n := fenceRun(line[i:], '#')
		return n <= 6 && (i+n == len(line) || line[i+n] == ' ' || line[i+n] == '\t')
	case c == '-' || c == '+' || c == '*':
		return listMarker(line, i) > 0
	case c == '1':
		return listMarker(line, i) == 2
	}
	return false
}
