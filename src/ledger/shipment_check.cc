#include "ledger/shipment_check.h"

#include <algorithm>

#include <fmt/format.h>

#include "ledger/model.h"

namespace exportctl::ledger {

namespace {
Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }
Error Refused(std::string message) { return Error(ErrorCode::kRefused, "refused: " + std::move(message)); }
}  // namespace

Result<std::int64_t> ShipmentValue(std::int64_t quantity, std::int64_t unit_price_minor) {
  std::int64_t value = 0;
  if (__builtin_mul_overflow(quantity, unit_price_minor, &value))
    return Invalid(fmt::format("shipment value overflows: {} × {}", quantity, FormatMinorUnits(unit_price_minor)));
  return value;
}

Status CheckShipmentRequest(ShipmentRequest& r) {
  if (r.idempotency_key.empty()) return Invalid("a shipment needs an idempotency key (`--key`)");
  if (r.idempotency_key.size() > 200) return Invalid("idempotency key longer than 200 characters");
  if (r.chip.empty()) return Invalid("a shipment needs a chip (`--chip`)");
  if (r.consignee.empty()) return Invalid("a shipment needs a consignee (`--consignee`)");
  r.destination = ToUpper(r.destination);
  if (!IsCountryCode(r.destination))
    return Invalid(fmt::format("invalid destination `{}`: expected an ISO 3166 alpha-2 code", r.destination));
  if (r.quantity <= 0) return Invalid(fmt::format("invalid quantity {}: must be a positive integer", r.quantity));
  if (r.unit_price.minor < 0) return Invalid("invalid unit price: must not be negative");
  r.unit_price.currency = ToUpper(r.unit_price.currency);
  if (!IsCurrencyCode(r.unit_price.currency))
    return Invalid(fmt::format("invalid currency `{}`: expected an ISO 4217 code such as USD", r.unit_price.currency));
  if (!r.ship_date.valid()) return Invalid("a shipment needs a ship date (`--date YYYY-MM-DD`)");
  if (auto v = ShipmentValue(r.quantity, r.unit_price.minor); !v) return v.error();
  switch (r.basis) {
    case ShipmentBasis::kLicence:
      if (r.licence_number.empty()) return Invalid("a shipment under a licence needs `--licence`");
      break;
    case ShipmentBasis::kLicenceException:
    case ShipmentBasis::kNoLicenceRequired:
      if (!r.licence_number.empty())
        return Invalid(fmt::format("a shipment under basis `{}` must not name a licence", ShipmentBasisName(r.basis)));
      break;
  }
  r.licence_exception = ToUpper(r.licence_exception);
  if (r.basis == ShipmentBasis::kLicenceException && r.licence_exception.empty())
    return Invalid("a shipment under basis `license_exception` names the exception (`--exception NAC`)");
  if (r.basis != ShipmentBasis::kLicenceException && !r.licence_exception.empty())
    return Invalid("only a shipment under basis `license_exception` names a licence exception");
  if (r.licence_exception == "NAC" && r.nac_confirmation.empty())
    return Invalid("a shipment under NAC names its notification's confirmation number (`--nac-confirmation`, §740.8(c))");
  if (r.licence_exception != "NAC" && !r.nac_confirmation.empty())
    return Invalid("only a shipment under licence exception NAC names a NAC confirmation number");
  if (r.nac_confirmation.size() > 64) return Invalid("NAC confirmation number longer than 64 characters");
  if (r.us_import_value.minor < 0) return Invalid("invalid US import value: must not be negative");
  if (r.us_import_value.minor > 0) {
    r.us_import_value.currency = ToUpper(r.us_import_value.currency.empty() ? r.unit_price.currency : r.us_import_value.currency);
    if (r.us_import_value.currency != r.unit_price.currency)
      return Invalid(fmt::format("the US import value is in {}, the unit price in {}: give both in one currency",
                                 r.us_import_value.currency, r.unit_price.currency));
  }
  if (r.licence_exception.size() > 16 || r.facts_json.size() > 64 * 1024)
    return Invalid("licence exception or facts too long");
  return Ok{};
}

Status CheckAgainstLicence(const ShipmentRequest& r, const Licence& l, std::int64_t used_quantity,
                           std::int64_t used_value) {
  const std::string& n = l.number;
  if (l.conditions.duty_bp > 0 && r.us_import_value.minor <= 0)
    return Refused(fmt::format("licence `{}` carries a {} duty on the US import value (Section 232): give the value "
                               "declared on import into the US (`--us-import-value`)",
                               n, FormatPercentBp(l.conditions.duty_bp)));
  if (l.status != LicenceStatus::kActive)
    return Refused(fmt::format("licence `{}` is {}", n, LicenceStatusName(l.status)));
  if (r.ship_date > l.valid_to)
    return Refused(fmt::format("licence `{}` expired on {}; ship date is {}", n, l.valid_to.ToString(),
                               r.ship_date.ToString()));
  if (r.ship_date < l.valid_from)
    return Refused(fmt::format("licence `{}` is not valid before {}; ship date is {}", n, l.valid_from.ToString(),
                               r.ship_date.ToString()));
  auto covers_item = std::any_of(l.items.begin(), l.items.end(), [&](const std::string& item) {
    return ToUpper(item) == ToUpper(r.chip) || (!r.eccn.empty() && ToUpper(item) == ToUpper(r.eccn));
  });
  if (!covers_item) return Refused(fmt::format("licence `{}` does not cover item `{}`", n, r.chip));
  if (std::find(l.destinations.begin(), l.destinations.end(), r.destination) == l.destinations.end())
    return Refused(fmt::format("licence `{}` does not cover destination `{}`", n, r.destination));
  if (std::find(l.consignees.begin(), l.consignees.end(), r.consignee) == l.consignees.end())
    return Refused(fmt::format("consignee `{}` is not named on licence `{}`", r.consignee, n));
  if (r.unit_price.currency != l.value_cap.currency)
    return Refused(fmt::format("currency `{}` does not match the {} of licence `{}`", r.unit_price.currency,
                               l.value_cap.currency, n));
  std::int64_t remaining_qty = l.quantity_cap - used_quantity;
  if (r.quantity > remaining_qty)
    return Refused(fmt::format("quantity {} exceeds the remaining {} of licence `{}`", r.quantity,
                               std::max<std::int64_t>(remaining_qty, 0), n));
  std::int64_t value = *ShipmentValue(r.quantity, r.unit_price.minor);
  std::int64_t remaining_value = l.value_cap.minor - used_value;
  if (value > remaining_value)
    return Refused(fmt::format("value {} exceeds the remaining {} of licence `{}`", FormatMoney(value, l.value_cap.currency),
                               FormatMoney(std::max<std::int64_t>(remaining_value, 0), l.value_cap.currency), n));
  return Ok{};
}

}  // namespace exportctl::ledger
