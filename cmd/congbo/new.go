package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/slug"
)

// fieldHints are the examples `congbo new` writes beside each field, so an
// editor sees what to fill in without reading the documentation.
var fieldHints = map[string]string{
	"number":          "số ký hiệu, ví dụ 12/TCBC-BKNS",
	"unit":            "đơn vị ban hành",
	"place":           "nơi ban hành, ví dụ Hà Nội",
	"signer":          "người ký",
	"signer_title":    "chức vụ người ký",
	"source":          "nguồn tin",
	"source_url":      "địa chỉ nguồn, https://…",
	"contact":         "liên hệ báo chí: họ tên, điện thoại, thư điện tử",
	"attachments":     "tệp đính kèm đặt cạnh trang, ví dụ [van-ban.pdf]",
	"name":            "họ và tên, ví dụ Nguyễn Văn A",
	"position":        "chức vụ, ví dụ Chánh Văn phòng",
	"position_en":     "chức vụ bằng tiếng Anh",
	"unit_en":         "tên đơn vị bằng tiếng Anh",
	"phone":           "điện thoại cơ quan, ví dụ (024) 3555 0110",
	"email":           "thư điện tử công vụ",
	"photo":           "ảnh chân dung đặt cạnh trang",
	"photo_alt":       "mô tả ảnh cho người khiếm thị (bắt buộc khi có ảnh)",
	"decision":        "quyết định giao nhiệm vụ phát ngôn",
	"start":           "bắt đầu, ví dụ 2026-12-15T15:00:00+07:00",
	"end":             "kết thúc, ví dụ 2026-12-15T16:30:00+07:00",
	"location":        "địa điểm",
	"online":          "đường dẫn theo dõi trực tuyến, https://…",
	"chair":           "người chủ trì",
	"spokespeople":    "người phát ngôn, ví dụ [Nguyễn Văn A]",
	"agenda":          "nội dung, mỗi dòng một mục",
	"corrects":        "trang bị cải chính, ví dụ thong-cao-bao-chi/ten-tep.md (hoặc dùng claim cho tin sai bên ngoài)",
	"claim":           "thông tin sai sự thật cần phản bác (hoặc dùng corrects)",
	"claim_url":       "nơi đăng thông tin sai, https://…",
	"claim_date":      "ngày xuất hiện thông tin sai",
	"false_content":   "nội dung sai",
	"correct_content": "nội dung đúng",
	"code":            "mã đơn vị",
	"name_en":         "tên đơn vị bằng tiếng Anh",
	"functions":       "chức năng, nhiệm vụ",
	"address":         "địa chỉ",
	"merged_from":     "các đơn vị hợp nhất thành đơn vị này, ví dụ [Cục Viễn thông]",
	"renamed_from":    "tên trước đây của đơn vị",
	"merged_into":     "đơn vị mà đơn vị này đã hợp nhất vào (trang được giữ, có thông báo)",
	"renamed_to":      "tên mới của đơn vị (trang được giữ, có thông báo)",
	"until":           "ngày hợp nhất hoặc đổi tên có hiệu lực, ví dụ 2025-03-01",
	"quotes":          "trích dẫn, mỗi mục: {text: lời trích, by: người nói}",
	"notes":           "ghi chú cho biên tập viên",
	"recipients":      "nơi nhận",
	"effective":       "ngày có hiệu lực, ví dụ 2026-12-15",
	"deadline":        "hạn chót, ví dụ 2026-12-31",
	"appointed":       "ngày được giao nhiệm vụ phát ngôn",
	"valid_from":      "phát ngôn từ ngày, ví dụ 2026-01-01",
	"valid_to":        "phát ngôn đến ngày (để trống nếu còn nhiệm vụ)",
	"role":            "vai trò, ví dụ Người phát ngôn",
	"livestream":      "đường dẫn phát trực tiếp, https://…",
	"accreditation":   "đăng ký tác nghiệp: liên hệ, thời hạn",
	"materials":       "tài liệu, mỗi mục: {title: tên, file: tep.pdf} hoặc {title: tên, url: https://…}",
	"sequence":        "số lần thay đổi lịch cho tệp .ics (mặc định: số mục changes)",
	"claim_source":    "nơi đăng thông tin sai, ví dụ tên trang mạng",
	"evidence":        "căn cứ, bằng chứng",
	"verdict":         "kết luận",
	"parent":          "đơn vị cấp trên",
	"fax":             "số fax",
	"website":         "trang thông tin điện tử, https://…",
	"leaders":         "lãnh đạo, mỗi mục: {name: họ tên, position: chức vụ}",
	"spokesperson":    "người phát ngôn của đơn vị",
}

// runNew is `congbo new TYPE "Title"`: it writes content/<section>/<slug>.md
// in the section of that type, with the current time in the site's time
// zone and every field of the type, required ones to fill in, optional
// ones commented out.
func runNew(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("new", flag.ContinueOnError)
	fl.SetOutput(stderr)
	source := fl.String("source", ".", "site directory (holds site.yaml and content/)")
	if code, ok := parseArgs(fl, args); !ok {
		return code
	}
	if fl.NArg() == 2 && fl.Arg(0) == "site" { // newsite.go
		if err := newSite(fl.Arg(1), time.Now()); err != nil {
			fmt.Fprintf(stderr, "congbo new site: %s\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", fl.Arg(1))
		fmt.Fprintf(stderr, "congbo: new site in %s; build it with: congbo build --source %s\n", fl.Arg(1), fl.Arg(1))
		return 0
	}
	if fl.NArg() != 2 {
		fmt.Fprintf(stderr, "usage: congbo new TYPE \"Tiêu đề\"   (TYPE: %s)\n       congbo new site DIR\n", strings.Join(config.Types, " | "))
		return 2
	}
	typ, title := fl.Arg(0), strings.TrimSpace(fl.Arg(1))
	if !slices.Contains(config.Types, typ) {
		fmt.Fprintf(stderr, "congbo new: unknown type %q (use one of: %s)\n", typ, strings.Join(config.Types, ", "))
		return 2
	}
	rel, data, err := newContent(os.DirFS(*source), typ, title, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	name := filepath.Join(*source, filepath.FromSlash(rel))
	if _, err := os.Stat(name); err == nil {
		fmt.Fprintf(stderr, "%s: already exists (choose another title, or edit that file)\n", rel)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, rel)
	return 0
}

// newContent returns the path (relative to the site) and text of a new
// content file of type typ. It is pure apart from reading site.yaml.
func newContent(src fs.FS, typ, title string, now time.Time) (string, []byte, error) {
	b, err := fs.ReadFile(src, "site.yaml")
	if err != nil {
		return "", nil, fmt.Errorf("site.yaml: %w (run in the site's directory or pass --source DIR)", err)
	}
	cfg, err := config.Parse("site.yaml", b)
	if err != nil {
		return "", nil, err
	}
	dir := ""
	for _, s := range cfg.Sections {
		if s.Type == typ {
			dir = s.Dir
			break
		}
	}
	if dir == "" {
		return "", nil, fmt.Errorf("site.yaml:1:1: no section has type %s (add one under `sections:`, e.g. `ten-muc: {type: %s}`)", typ, typ)
	}
	name := slug.Make(title)
	if name == "" {
		return "", nil, fmt.Errorf("title %q has no letters or digits to name the file", title)
	}
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	var w strings.Builder
	w.WriteString("---\n")
	fmt.Fprintf(&w, "title: %s\n", yamlString(title))
	fmt.Fprintf(&w, "date: %s\n", now.In(loc).Format(time.RFC3339))
	w.WriteString("description: \"\"  # tóm tắt, tối đa 160 ký tự\n")
	w.WriteString("draft: true  # xóa dòng này khi đăng\n")
	for _, f := range content.Fields(typ) {
		hint := fieldHints[f.Key]
		if hint == "" {
			hint = f.Kind
		}
		if len(f.Enum) > 0 {
			hint = strings.Join(f.Enum, " | ")
		}
		if f.Required {
			fmt.Fprintf(&w, "%s:  # %s (bắt buộc)\n", f.Key, hint)
		} else {
			fmt.Fprintf(&w, "# %s:  # %s\n", f.Key, hint)
		}
	}
	if typ != config.TypePage {
		w.WriteString("units: []  # đơn vị, ví dụ [Văn phòng Bộ]\n")
	}
	w.WriteString("tags: []\n---\n\n")
	return "content/" + dir + "/" + name + ".md", []byte(w.String()), nil
}

// yamlString quotes s when YAML would read it as something other than text.
func yamlString(s string) string {
	if strings.ContainsAny(s, ":#\"'{}[],&*!|>%@`") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") {
		return "\"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + "\""
	}
	return s
}
