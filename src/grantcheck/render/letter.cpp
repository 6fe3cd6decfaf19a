#include "grantcheck/render/letter.hpp"

#include <memory>

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include "grantcheck/common/error.hpp"

namespace grantcheck::render {
namespace {

// US Letter in points, one-inch margins; the footer sits in the bottom margin.
constexpr double kPageWidth = 612;
constexpr double kPageHeight = 792;
constexpr double kMargin = 72;
constexpr double kBottom = kPageHeight - kMargin;

struct Block {
    std::string text;
    const char* font = "DejaVu Serif 11";
    double space_before = 0;  // points
    double indent = 0;        // points
    bool rule = false;        // a horizontal line instead of text
    double keep = 0;          // start a new page unless this much room is left (headings and
                              // the signature block stay with what follows them)
};

// One line placed on a page: its layout line and the baseline it sits on.
struct Placed {
    int page;
    double x;
    double baseline;
    PangoLayoutLine* line;  // owned by a layout in `layouts`
};

struct PlacedRule {
    int page;
    double y;
};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};

std::vector<Block> Blocks(const Letter& l) {
    std::vector<Block> b;
    for (size_t i = 0; i < l.letterhead.size(); ++i) {
        b.push_back({l.letterhead[i], i == 0 ? "DejaVu Sans Bold 13" : "DejaVu Sans 10", 0, 0});
    }
    b.push_back({"", "", 6, 0, true});
    b.push_back({l.date, "DejaVu Serif 11", 12, 0});
    if (!l.reference.empty()) {
        b.push_back({l.reference, "DejaVu Sans 9", 2, 0});
    }
    b.push_back({l.addressee, "DejaVu Serif 11", 18, 0});
    b.push_back({l.jurisdiction, "DejaVu Serif 11", 0, 0});
    b.push_back({"Re: " + l.subject, "DejaVu Serif Bold 11", 18, 0});
    // "The Mayor of Chicago" is greeted as "Dear Mayor of Chicago:".
    const std::string_view greeted = std::string_view(l.addressee).starts_with("The ")
                                         ? std::string_view(l.addressee).substr(4)
                                         : std::string_view(l.addressee);
    b.push_back({fmt::format("Dear {}:", greeted), "DejaVu Serif 11", 14, 0});
    for (const auto& p : l.body) {
        b.push_back({p, "DejaVu Serif 11", 10, 0});
    }
    if (!l.conditions.empty()) {
        b.push_back({"The conditions", "DejaVu Sans Bold 11", 16, 0, false, 60});
        for (size_t i = 0; i < l.conditions.size(); ++i) {
            const auto& c = l.conditions[i];
            b.push_back({fmt::format("{}. {}{}", i + 1, c.title,
                                     c.statute.empty() ? "" : " (" + c.statute + ")"),
                         "DejaVu Serif Bold 11", 8, 0, false, 40});
            b.push_back({c.text, "DejaVu Serif 11", 4, 18});
        }
    }
    b.push_back({"Deadline", "DejaVu Sans Bold 11", 16, 0, false, 60});
    b.push_back({fmt::format("Your response is due by {}.", l.deadline), "DejaVu Serif 11", 6, 0});
    if (!l.deliverables.empty()) {
        b.push_back({fmt::format("Deliver: {}.", fmt::join(l.deliverables, "; ")),
                     "DejaVu Serif 11", 4, 0});
    }
    if (!l.respond.empty()) {
        b.push_back({"How to respond", "DejaVu Sans Bold 11", 16, 0, false, 60});
        for (const auto& p : l.respond) {
            b.push_back({p, "DejaVu Serif 11", 6, 0});
        }
    }
    b.push_back({"Sincerely,", "DejaVu Serif 11", 20, 0, false, 80});
    b.push_back({l.signer, "DejaVu Serif 11", 30, 0});
    if (!l.signer_title.empty()) {
        b.push_back({l.signer_title, "DejaVu Serif 11", 0, 0});
    }
    return b;
}

}  // namespace

std::string RenderLetterPdf(const Letter& letter) {
    std::string out;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(&Append, &out, kPageWidth, kPageHeight);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   letter.document_title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "grantcheck");
    // A fixed date, so the same letter gives the same bytes (and ETag).
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_t* cr = cairo_create(surface);

    // Pass 1: lay every block out, wrapped to the page, and place its lines on pages.
    std::vector<std::unique_ptr<PangoLayout, LayoutDeleter>> layouts;
    std::vector<Placed> placed;
    std::vector<PlacedRule> rules;
    int page = 0;
    double y = kMargin;
    for (const auto& block : Blocks(letter)) {
        y += block.space_before;
        if (block.keep > 0 && y + block.keep > kBottom) {
            ++page;
            y = kMargin;
        }
        if (block.rule) {
            rules.push_back({page, y});
            y += 2;
            continue;
        }
        if (block.text.empty()) {
            continue;
        }
        PangoLayout* layout = pango_cairo_create_layout(cr);
        layouts.emplace_back(layout);
        PangoFontDescription* font = pango_font_description_from_string(block.font);
        pango_layout_set_font_description(layout, font);
        pango_font_description_free(font);
        pango_layout_set_width(
            layout, static_cast<int>((kPageWidth - 2 * kMargin - block.indent) * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(layout, block.text.c_str(), static_cast<int>(block.text.size()));
        PangoLayoutIter* it = pango_layout_get_iter(layout);
        do {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            const double height = static_cast<double>(logical.height) / PANGO_SCALE;
            const double ascent =
                static_cast<double>(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
            if (y + height > kBottom) {
                ++page;
                y = kMargin;
            }
            placed.push_back({page, kMargin + block.indent, y + ascent,
                              pango_layout_iter_get_line_readonly(it)});
            y += height;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }
    const int pages = page + 1;

    // Pass 2: draw page by page, with "Page i of n" in the footer.
    PangoLayout* footer = pango_cairo_create_layout(cr);
    layouts.emplace_back(footer);
    PangoFontDescription* small = pango_font_description_from_string("DejaVu Sans 8");
    pango_layout_set_font_description(footer, small);
    pango_font_description_free(small);
    size_t next = 0;
    for (int p = 0; p < pages; ++p) {
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        for (const auto& r : rules) {
            if (r.page == p) {
                cairo_set_line_width(cr, 0.8);
                cairo_move_to(cr, kMargin, r.y);
                cairo_line_to(cr, kPageWidth - kMargin, r.y);
                cairo_stroke(cr);
            }
        }
        for (; next < placed.size() && placed[next].page == p; ++next) {
            cairo_move_to(cr, placed[next].x, placed[next].baseline);
            pango_cairo_show_layout_line(cr, placed[next].line);
        }
        const std::string text = fmt::format("{} · Page {} of {}", letter.reference, p + 1, pages);
        pango_layout_set_text(footer, text.c_str(), static_cast<int>(text.size()));
        int w = 0;
        int h = 0;
        pango_layout_get_pixel_size(footer, &w, &h);
        cairo_move_to(cr, (kPageWidth - w) / 2, kPageHeight - kMargin / 2 - h);
        pango_cairo_show_layout(cr, footer);
        cairo_show_page(cr);
    }
    layouts.clear();
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t surface_status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS || surface_status != CAIRO_STATUS_SUCCESS) {
        throw AppError(ErrorCode::kInternal, "the letter could not be rendered",
                       fmt::format("cairo: {}",
                                   cairo_status_to_string(
                                       status != CAIRO_STATUS_SUCCESS ? status : surface_status)));
    }
    return out;
}

}  // namespace grantcheck::render
