// Identity and four eyes in the ledger (docs/ledger.md "Identity and four eyes"):
//   token create --user NAME --role viewer|officer|admin [--label L] | token list | token revoke PREFIX
//   approvals list [--all] | approvals show ID | approvals approve ID [--note T] | approvals reject ID
//   settings show | settings approvals on|off
// Approving needs `--token` (an authenticated user other than the requester).
#include <iostream>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "commands.h"
#include "ledger_cli.h"

namespace exportctl::cli {
namespace {

void PrintChangeText(const ChangeRequest& c, std::ostream& out) {
  out << fmt::format("change request #{}: {} `{}` — {}", c.id, ChangeKindName(c.kind), c.subject, ChangeStateName(c.state));
  if (c.state == ChangeState::kPending)
    out << fmt::format("; requested by {} at {}; awaits a second user's approval (`exportctl --token … approvals approve {}`)",
                       c.requested_by, c.requested_at, c.id);
  else if (c.without_approval)
    out << fmt::format(" without a second approver (approvals are switched off; by {})", c.decided_by);
  else
    out << fmt::format(" by {} at {} (requested by {})", c.decided_by, c.decided_at, c.requested_by);
  if (!c.note.empty() && !c.without_approval) out << fmt::format(": {}", c.note);
  if (c.licence) out << fmt::format("; licence `{}` version {} is in force", c.licence->number, c.licence->version);
  if (c.clearance) out << fmt::format("; clearance #{} is in force", c.clearance->id);
  out << '\n';
}

}  // namespace

int PrintChange(const ChangeRequest& change, Format format) {
  if (format == Format::kJson) std::cout << app::ChangeRequestToJson(change).dump(2) << '\n';
  else PrintChangeText(change, std::cout);
  return kExitOk;
}

void RegisterIdentityCommands(CLI::App& app, Cli& cli) {
  // token
  CLI::App* token = app.add_subcommand("token", "API tokens of named users (kept hashed in the ledger)");
  token->require_subcommand(1);
  struct TokenOptions {
    std::string db, user, role, label, prefix;
    Format format = Format::kText;
  };
  auto t = std::make_shared<TokenOptions>();
  CLI::App* create = token->add_subcommand("create", "Create a user's token (printed once; only its SHA-256 is stored)");
  create->add_option("--user", t->user, "The named user the token belongs to")->required();
  create->add_option("--role", t->role, "viewer | officer | admin")->required();
  create->add_option("--label", t->label, "What the token is for (\"laptop\", \"order system\")");
  AddDbOption(create, &t->db);
  create->callback([&cli, t] {
    cli.action = [&cli, t]() -> int {
      auto role = ParseUserRole(t->role);
      if (!role.ok()) return Fail(role.error());
      auto ledger = OpenLedgerForCommand(cli, t->db);
      if (!ledger) return Fail(ledger.error());
      auto secret = (*ledger)->CreateToken(t->user, *role, t->label);
      if (!secret.ok()) return Fail(secret.error());
      std::cout << *secret << '\n';
      std::cerr << fmt::format("exportctl: {} token of `{}` stored (hashed) in the ledger; servers sharing it accept it "
                               "within seconds\n",
                               UserRoleName(*role), t->user);
      return kExitOk;
    };
  });
  CLI::App* list = token->add_subcommand("list", "List tokens (users, roles, who created them; never the secrets)");
  AddDbOption(list, &t->db);
  AddFormatOption(list, &t->format, {Format::kText, Format::kJson, Format::kCsv});
  list->callback([&cli, t] {
    cli.action = [&cli, t]() -> int {
      auto ledger = OpenLedgerForCommand(cli, t->db);
      if (!ledger) return Fail(ledger.error());
      auto tokens = (*ledger)->Tokens();
      if (!tokens) return Fail(tokens.error());
      std::vector<nlohmann::json> rows;
      for (const ApiToken& each : *tokens) rows.push_back(app::ApiTokenToJson(each));
      PrintTable(Table::Of({"sha256_prefix", "user", "role", "label", "created_by", "recorded_at", "revoked"}, rows),
                 t->format, std::cout);
      return kExitOk;
    };
  });
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token (by the first hex digits of its SHA-256)");
  revoke->add_option("sha256_prefix", t->prefix, "At least 8 hex digits, as `token list` shows them")->required();
  AddDbOption(revoke, &t->db);
  revoke->callback([&cli, t] {
    cli.action = [&cli, t]() -> int {
      auto ledger = OpenLedgerForCommand(cli, t->db);
      if (!ledger) return Fail(ledger.error());
      auto revoked = (*ledger)->RevokeToken(t->prefix);
      if (!revoked) return Fail(revoked.error());
      std::cout << fmt::format("revoked token {} of `{}` ({})\n", revoked->sha256.substr(0, 12), revoked->user,
                               UserRoleName(revoked->role));
      return kExitOk;
    };
  });

  // approvals
  CLI::App* approvals = app.add_subcommand("approvals", "Four eyes: change requests awaiting a second user");
  approvals->require_subcommand(1);
  struct ApprovalOptions {
    std::string db, note;
    std::int64_t id = 0;
    bool all = false;
    Format format = Format::kText;
  };
  auto a = std::make_shared<ApprovalOptions>();
  CLI::App* pending = approvals->add_subcommand("list", "Pending change requests (all of them with --all)");
  pending->add_flag("--all", a->all, "Include applied and rejected requests");
  AddDbOption(pending, &a->db);
  AddFormatOption(pending, &a->format, {Format::kText, Format::kJson, Format::kCsv});
  pending->callback([&cli, a] {
    cli.action = [&cli, a]() -> int {
      auto ledger = OpenLedgerForCommand(cli, a->db);
      if (!ledger) return Fail(ledger.error());
      auto changes = (*ledger)->Changes(!a->all);
      if (!changes) return Fail(changes.error());
      std::vector<nlohmann::json> rows;
      for (const ChangeRequest& c : *changes) rows.push_back(app::ChangeRequestToJson(c));
      PrintTable(Table::Of({"id", "kind", "subject", "state", "requested_by", "requested_at", "decided_by"}, rows),
                 a->format, std::cout);
      return kExitOk;
    };
  });
  auto by_id = [&cli, a](CLI::App* cmd, std::string_view verb) {
    cmd->add_option("id", a->id, "Change request number")->required();
    AddDbOption(cmd, &a->db);
    AddFormatOption(cmd, &a->format, {Format::kText, Format::kJson});
    if (verb != "show") cmd->add_option("--note", a->note, "A note kept with the decision");
    cmd->callback([&cli, a, verb] {
      cli.action = [&cli, a, verb]() -> int {
        auto ledger = OpenLedgerForCommand(cli, a->db);
        if (!ledger) return Fail(ledger.error());
        auto change = verb == "approve"  ? (*ledger)->Approve(a->id, a->note)
                      : verb == "reject" ? (*ledger)->Reject(a->id, a->note)
                                         : (*ledger)->Change(a->id);
        if (!change) return Fail(change.error());
        return PrintChange(*change, a->format);
      };
    });
  };
  by_id(approvals->add_subcommand("show", "Show a change request (its body included with --format json)"), "show");
  by_id(approvals->add_subcommand("approve", "Approve and apply a change request (needs --token of another user)"), "approve");
  by_id(approvals->add_subcommand("reject", "Reject a change request (or withdraw your own)"), "reject");

  // settings
  CLI::App* settings = app.add_subcommand("settings", "The ledger's settings (each change audited)");
  settings->require_subcommand(1);
  struct SettingsOptions {
    std::string db, value;
    Format format = Format::kText;
  };
  auto s = std::make_shared<SettingsOptions>();
  auto print_settings = [](const LedgerSettings& current, Format format) {
    if (format == Format::kJson) {
      std::cout << app::LedgerSettingsToJson(current).dump(2) << '\n';
      return;
    }
    std::cout << fmt::format("approvals: {}{}\n", current.approvals_required ? "on (four eyes)" : "off (one-person desk)",
                             current.changed_by.empty()
                                 ? " (default)"
                                 : fmt::format(" (set by {} at {})", current.changed_by, current.changed_at));
  };
  CLI::App* show = settings->add_subcommand("show", "Show the settings");
  AddDbOption(show, &s->db);
  AddFormatOption(show, &s->format, {Format::kText, Format::kJson});
  show->callback([&cli, s, print_settings] {
    cli.action = [&cli, s, print_settings]() -> int {
      auto ledger = OpenLedgerForCommand(cli, s->db);
      if (!ledger) return Fail(ledger.error());
      auto current = (*ledger)->Settings();
      if (!current) return Fail(current.error());
      print_settings(*current, s->format);
      return kExitOk;
    };
  });
  CLI::App* approvals_setting = settings->add_subcommand(
      "approvals", "Four eyes on (default) or off (a one-person desk: every change then says it had no second approver)");
  approvals_setting->add_option("value", s->value, "on | off")->required()->check(CLI::IsMember({"on", "off"}));
  AddDbOption(approvals_setting, &s->db);
  AddFormatOption(approvals_setting, &s->format, {Format::kText, Format::kJson});
  approvals_setting->callback([&cli, s, print_settings] {
    cli.action = [&cli, s, print_settings]() -> int {
      auto ledger = OpenLedgerForCommand(cli, s->db);
      if (!ledger) return Fail(ledger.error());
      auto current = (*ledger)->SetApprovalsRequired(s->value == "on");
      if (!current) return Fail(current.error());
      print_settings(*current, s->format);
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
