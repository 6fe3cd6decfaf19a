#include "grantcheck/render/letter.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace grantcheck::render {
namespace {

// The text of a PDF as poppler's pdftotext reads it (a real PDF parser, not ours).
std::string PdfText(const std::string& pdf) {
    testing::TempDir dir;
    const auto path = dir.path() / "letter.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    std::string cmd = "pdftotext -enc UTF-8 " + path.string() + " -";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    EXPECT_NE(p, nullptr);
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) {
        out.append(buf, n);
    }
    EXPECT_EQ(pclose(p), 0) << "pdftotext failed on the letter";
    return out;
}

Letter Sample(int paragraphs) {
    Letter l;
    l.letterhead = {"U.S. Department of Justice", "Office of Justice Programs"};
    l.date = "April 21, 2017";
    l.reference = "Notice gc-test · Byrne JAG FY 2016";
    l.addressee = "Mayor Rahm Emanuel";
    l.jurisdiction = "Chicago, IL";
    l.subject = "Certification of compliance with 8 U.S.C. § 1373";
    for (int i = 0; i < paragraphs; ++i) {
        l.body.push_back(fmt::format(
            "Paragraph {}: the recipient must provide documentation and an opinion from counsel "
            "that it complies with the condition; São Paulo, Zürich and Łódź wrap too.",
            i + 1));
    }
    l.conditions = {{"Compliance with 8 U.S.C. § 1373", "8 U.S.C. § 1373",
                     "The recipient will not restrict its officials from sending to, or receiving "
                     "from, federal immigration officers information on citizenship or status."}};
    l.deadline = "June 30, 2017";
    l.deliverables = {"documentation", "legal opinion"};
    l.respond = {"Submit at http://127.0.0.1:8080/respond."};
    l.signer = "Alan R. Hanson";
    l.signer_title = "Acting Assistant Attorney General";
    l.document_title = "Letter";
    return l;
}

TEST(LetterTest, PdfNamesAddresseeConditionsAndDeadline) {
    const auto pdf = RenderLetterPdf(Sample(2));
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    const auto text = PdfText(pdf);
    EXPECT_NE(text.find("Mayor Rahm Emanuel"), std::string::npos) << text;
    EXPECT_NE(text.find("Chicago, IL"), std::string::npos);
    EXPECT_NE(text.find("Compliance with 8 U.S.C. § 1373"), std::string::npos);
    EXPECT_NE(text.find("June 30, 2017"), std::string::npos);
    EXPECT_NE(text.find("Łódź"), std::string::npos);
    EXPECT_NE(text.find("Page 1 of "), std::string::npos) << text;
    // The signature block is not split from its closing by a page break.
    const auto closing = text.find("Sincerely,");
    const auto signer = text.find("Alan R. Hanson");
    ASSERT_NE(closing, std::string::npos);
    ASSERT_NE(signer, std::string::npos);
    EXPECT_EQ(text.substr(closing, signer - closing).find("Page "), std::string::npos) << text;
}

TEST(LetterTest, LongLettersWrapOntoNumberedPages) {
    const auto text = PdfText(RenderLetterPdf(Sample(60)));
    EXPECT_NE(text.find("Page 1 of "), std::string::npos);
    EXPECT_EQ(text.find("Page 1 of 1\n"), std::string::npos) << "60 paragraphs fit on one page?";
    EXPECT_NE(text.find("Paragraph 60"), std::string::npos);
    EXPECT_NE(text.find("Acting Assistant Attorney General"), std::string::npos);
}

TEST(LetterTest, SameLetterSameBytes) {
    EXPECT_EQ(RenderLetterPdf(Sample(3)), RenderLetterPdf(Sample(3)));
}

}  // namespace
}  // namespace grantcheck::render
