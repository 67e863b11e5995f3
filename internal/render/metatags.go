package render

import (
	"bytes"
	"fmt"
	"html/template"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/texec"
)

// metaTags prints the Open Graph, Dublin Core and schema.org JSON-LD block
// of the page in dot (*Data, or a type that embeds it) for the <head>. It
// is what partials/meta.html of the default theme calls: the block is the
// same for every theme and was a tenth of a build's CPU as a template
// (about 60 actions per page, each a reflective call), so it is written in
// Go. It prints exactly what the template in internal/build/testdata/template-theme/partials/meta.html prints,
// escaped as html/template escapes attribute values; TestBlocksMatchTemplates
// builds whole sites both ways and compares every byte. A site that wants
// other tags overrides partials/meta.html.
func metaTags(cfg *config.Config) blockBody[any] {
	loc := location(cfg)
	iso := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	// The publisher is the same on every page: encoded once.
	publisher, pubErr := publisherJSON(cfg)
	return func(w *blockWriter, dot any) error {
		if pubErr != nil {
			return pubErr
		}
		d, err := pageOf("metaTags", dot)
		if err != nil {
			return err
		}
		if d.Page == nil {
			return nil
		}
		p := d.Page
		org := cfg.Organization.Name
		if org == "" {
			org = cfg.Title
		}
		desc := p.Description
		if desc == "" {
			desc = p.Summary
		}
		if desc == "" {
			desc = cfg.Description
		}
		canon := canonical(cfg, d)

		b := w.Buffer
		meta := func(attr, name, content string) {
			b.WriteString("\n<meta ")
			b.WriteString(attr)
			b.WriteString(`="`)
			b.WriteString(name)
			b.WriteString(`" content="`)
			writeAttrEscaped(b, content)
			b.WriteString(`">`)
		}
		meta("property", "og:site_name", cfg.Title)
		lang := d.textLang()
		switch lang {
		case "en":
			meta("property", "og:locale", "en_US")
		case "vi":
			meta("property", "og:locale", "vi_VN")
		default:
			meta("property", "og:locale", lang)
		}
		if p.Kind == site.KindPage {
			meta("property", "og:type", "article")
		} else {
			meta("property", "og:type", "website")
		}
		if p.Title != "" && p.Kind != site.KindHome {
			meta("property", "og:title", p.Title)
		} else {
			meta("property", "og:title", cfg.Title)
		}
		if desc != "" {
			meta("property", "og:description", desc)
		}
		meta("property", "og:url", canon)
		if p.Kind == site.KindPage {
			if !p.Date.IsZero() {
				meta("property", "article:published_time", iso(p.Date))
			}
			if !p.Lastmod.IsZero() {
				meta("property", "article:modified_time", iso(p.Lastmod))
			}
			b.WriteString("\n<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">")
			b.WriteString("\n<link rel=\"schema.DCTERMS\" href=\"http://purl.org/dc/terms/\">")
			meta("name", "DC.title", p.Title)
			meta("name", "DC.creator", org)
			meta("name", "DC.publisher", org)
			meta("name", "DC.language", lang)
			meta("name", "DC.type", "Text")
			meta("name", "DC.format", "text/html")
			if n := p.Params["number"]; truth(n) {
				meta("name", "DC.identifier", stringify(n))
			} else {
				meta("name", "DC.identifier", p.Permalink)
			}
			if desc != "" {
				meta("name", "DC.description", desc)
			}
			if !p.Date.IsZero() {
				meta("name", "DCTERMS.issued", iso(p.Date))
			}
			if !p.Lastmod.IsZero() {
				meta("name", "DCTERMS.modified", iso(p.Lastmod))
			}
		}
		if s := schemaOrgOf(dot, publisher); s != nil {
			b.WriteString("\n<script type=\"application/ld+json\">")
			js, err := appendJSON(b.AvailableBuffer(), s) // what jsonld prints, encoded in place
			if err != nil {
				return err
			}
			b.Write(js)
			b.WriteString("</script>")
		}
		return nil
	}
}

// truth is the truth of a value in {{if}} and {{with}}.
func truth(v any) bool {
	t, _ := template.IsTrue(v)
	return t
}

// stringify prints a front matter value as {{.}} does.
func stringify(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// writeAttrEscaped writes s escaped as html/template escapes a quoted
// attribute value or text: NUL, the quotes, &, +, < and >.
func writeAttrEscaped(b *bytes.Buffer, s string) {
	b.Write(texec.AppendHTMLEscaped(b.AvailableBuffer(), s))
}
