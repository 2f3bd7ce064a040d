// `exportctl manpage` and `exportctl completion bash`: the manual page (roff) and the bash
// completion script, generated from the command definitions themselves so that they can never
// disagree with `--help`. The build runs both and `cmake --install` installs their output
// (share/man/man1/exportctl.1, share/bash-completion/completions/exportctl). Hidden from --help.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"

namespace exportctl::cli {

namespace {

std::vector<const CLI::App*> Subcommands(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
    out.push_back(sub);
  return out;
}

// roff text: a leading '.' or '\'' would be read as a request; backslashes and hyphens escaped.
std::string Roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string OptionSignature(const CLI::Option* o) {
  std::string names = o->get_name(false, true);  // "-f,--format"
  std::string sig;
  for (std::size_t start = 0; start <= names.size();) {
    std::size_t end = names.find(',', start);
    if (end == std::string::npos) end = names.size();
    if (!sig.empty()) sig += ", ";
    sig += "\\fB" + Roff(names.substr(start, end - start)) + "\\fR";
    start = end + 1;
  }
  if (o->get_items_expected_max() != 0) sig += " \\fI" + Roff(o->get_type_name().empty() ? "VALUE" : o->get_type_name()) + "\\fR";
  return sig;
}

void OptionsRoff(std::ostream& out, const CLI::App& app) {
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_name(false, true).empty() || o->get_group().empty()) continue;
    if (app.get_parent() && o == app.get_help_ptr()) continue;  // every command has --help: said once
    out << ".TP\n" << OptionSignature(o) << "\n" << Roff(o->get_description().empty() ? "(no description)" : o->get_description())
        << "\n";
  }
}

void CommandRoff(std::ostream& out, const CLI::App& app, const std::string& path) {
  for (const CLI::App* sub : Subcommands(app)) {
    const std::string name = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    out << ".SS \"" << Roff(name) << "\"\n" << Roff(sub->get_description()) << "\n";
    OptionsRoff(out, *sub);
    CommandRoff(out, *sub, name);
  }
}

void Manpage(const CLI::App& app) {
  std::cout << ".TH EXPORTCTL 1 \"\" \"exportctl " << EXPORTCTL_VERSION << "\" \"User Commands\"\n"
            << ".SH NAME\nexportctl \\- " << Roff("export-control compliance for AI accelerator chips") << "\n"
            << ".SH SYNOPSIS\n\\fBexportctl\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
            << ".SH DESCRIPTION\n"
            << Roff("Classifies AI accelerator chips under the export-control rules in force on a date, decides whether a "
                    "shipment needs a licence (embargoes, end-use rules, residual ECCNs and the AI-chip rules), screens "
                    "parties against restricted-party lists, and keeps a hash-chained licence ledger. Every decision "
                    "names its rules, rule-set revision and list versions.")
            << "\n.SH GLOBAL OPTIONS\n";
  OptionsRoff(std::cout, app);
  std::cout << ".SH COMMANDS\n";
  CommandRoff(std::cout, app, "");
  std::cout << ".SH ENVIRONMENT\n"
            << ".TP\n\\fBEXPORTCTL_HOME\\fR\nState directory (imported lists, the SQLite ledger).\n"
            << ".TP\n\\fBEXPORTCTL_DB\\fR\nLedger URL (sqlite:PATH or postgresql://...).\n"
            << ".TP\n\\fBEXPORTCTL_TOKEN\\fR\nAct as this API token's user.\n"
            << ".TP\n\\fBEXPORTCTL_DATA\\fR\nThe share/exportctl directory (default: beside the binary, ../share/exportctl).\n"
            << ".TP\n\\fBEXPORTCTL_DATA_DIR\\fR\nThe bundled data directory alone.\n"
            << ".SH EXIT STATUS\n0 success (check: no licence required); 1 runtime error; 2 bad command line or request; "
               "3 invalid data; 4 golden case failed; 5 impact: answers would change; 10/11/12/13 check: licence "
               "required / licence exception / prohibited / hold; 20/21 screen: block / review hits; 30 ledger refused.\n";
}

// One `case` arm per command path: completes its subcommands and options.
void CompletionCases(std::ostream& out, const CLI::App& app, const std::string& path) {
  std::string words;
  for (const CLI::App* sub : Subcommands(app)) words += sub->get_name() + " ";
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;
    for (const std::string& n : o->get_lnames()) words += "--" + n + " ";
    for (const std::string& n : o->get_snames()) words += "-" + n + " ";
  }
  out << "    \"" << path << "\") words=\"" << words << "\" ;;\n";
  for (const CLI::App* sub : Subcommands(app)) CompletionCases(out, *sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
}

void BashCompletion(const CLI::App& app) {
  std::ostringstream cases;
  CompletionCases(cases, app, "");
  std::cout << "# bash completion for exportctl, generated by `exportctl completion bash`\n"
            << "_exportctl() {\n"
            << "  local cur=${COMP_WORDS[COMP_CWORD]} path=\"\" w words\n"
            << "  for w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n"
            << "    case \"$w\" in -*) ;; *) if _exportctl_known \"${path:+$path }$w\"; then path=\"${path:+$path }$w\"; fi ;; esac\n"
            << "  done\n"
            << "  _exportctl_words \"$path\"\n"
            << "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
            << "}\n"
            << "_exportctl_words() {\n  case \"$1\" in\n"
            << cases.str() << "    *) words=\"\" ;;\n  esac\n}\n"
            << "_exportctl_known() { local words; _exportctl_words \"$1\"; [ -n \"$words\" ]; }\n"
            << "complete -F _exportctl exportctl\n";
}

}  // namespace

void RegisterDocsCommands(CLI::App& app, Cli& cli) {
  CLI::App* man = app.add_subcommand("manpage", "Print the manual page (roff) generated from the command definitions");
  man->group("");
  man->callback([&app, &cli] {
    cli.action = [&app]() {
      Manpage(app);
      return int(kExitOk);
    };
  });
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script (bash)");
  completion->group("");
  completion->add_option("shell", *shell, "bash")->required()->check(CLI::IsMember({"bash"}));
  completion->callback([&app, &cli, shell] {  // `shell` lives as long as the command's callback
    cli.action = [&app]() {
      BashCompletion(app);
      return int(kExitOk);
    };
  });
}

}  // namespace exportctl::cli
