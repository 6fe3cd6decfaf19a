#pragma once

// A notice letter as a PDF (cairo + pango): letterhead, date, addressee, subject, body, the
// conditions in full, the deadline and what to deliver, how to respond, and a signature block;
// text wrapped to the page, any Unicode script the installed fonts cover, and "Page i of n" on
// every page.

#include <string>
#include <vector>

namespace grantcheck::render {

struct LetterCondition {
    std::string title;
    std::string statute;
    std::string text;  // the condition in full
};

struct Letter {
    std::vector<std::string> letterhead;  // lines: agency, office
    std::string date;                     // as printed: "June 1, 2017"
    std::string reference;                // "Notice gc-2026-0001 · Byrne JAG FY 2026"
    std::string addressee;                // "The Honorable Rahm Emanuel, Mayor"
    std::string jurisdiction;             // "Chicago, IL"
    std::string subject;
    std::vector<std::string> body;  // paragraphs
    std::vector<LetterCondition> conditions;
    std::string deadline;  // as printed
    std::vector<std::string> deliverables;
    std::vector<std::string> respond;  // how to respond, one paragraph each
    std::string signer;
    std::string signer_title;
    std::string document_title;  // the PDF's Title metadata
};

// The letter as PDF bytes. The same letter gives the same bytes (no time in the metadata).
// Throws AppError(kInternal) when cairo fails.
std::string RenderLetterPdf(const Letter& letter);

}  // namespace grantcheck::render
