# exportctl classify / catalog / rules from the command line.
source "$(dirname "$0")/lib.bash"

expect_exit 0 -- "$EXPORTCTL" --version
expect_out "^exportctl [0-9]+\.[0-9]+\.[0-9]+"
expect_exit 0 -- "$EXPORTCTL" classify --help
expect_out "--as-of"

expect_exit 0 -- "$EXPORTCTL" classify --chip H20 --as-of 2025-05-01 --format json
expect_out '"eccn": "3A991.p"'
expect_out '"reasons_for_control": \['
expect_out '"tpp": 2368'
expect_out '"as_of": "2025-05-01"'
expect_out '"tpp_precision": "bf16"'
expect_out '"content_hash": "[0-9a-f]{64}"'

expect_exit 0 -- "$EXPORTCTL" classify --chip "rtx 4090d" --as-of 2024-06-01 --explain
expect_out "US-EAR-ACS23-3A090-NOTE2"
expect_out "tpp < 4800 +true +\(tpp = 4706"

# The date used is always printed, also when it defaults to today.
expect_exit 0 -- "$EXPORTCTL" classify --chip H100
expect_out "as of $(date -u +%Y-%m-%d)"

# Specs from a file.
cat > "$EXPORTCTL_HOME/spec.toml" <<'SPEC'
id = "acme-x1"
name = "Acme X1"
designed_for = "datacenter"
die_area_mm2 = 400
memory_bandwidth_gbs = 3000
interconnect_gbs = 900
[dense_tops]
bf16 = 148
SPEC
expect_exit 0 -- "$EXPORTCTL" classify --spec "$EXPORTCTL_HOME/spec.toml" --as-of 2024-01-01 --format json
expect_out '"eccn": "3A090.a.2"'

# Bad input: one clear line each on stderr, documented exit codes.
expect_exit 1 -- "$EXPORTCTL" classify --chip H2O
expect_err "^exportctl: unknown chip \`H2O\`; did you mean"
expect_exit 2 -- "$EXPORTCTL" classify --chip H20 --as-of 2025-02-30
expect_err "invalid date \`2025-02-30\`: no such day"
expect_exit 2 -- "$EXPORTCTL" classify --chip H20 --spec x.toml
printf 'id = "bad"\ndesigned_for = "gaming"\ndie_area_mm2 = -1\n[dense_tops]\nfp16 = "lots"\n' > "$EXPORTCTL_HOME/bad.toml"
expect_exit 3 -- "$EXPORTCTL" classify --spec "$EXPORTCTL_HOME/bad.toml"
expect_err "bad.toml:2:16: .designed_for. must be"
expect_err "bad.toml:3:.*must not be negative"
expect_err "bad.toml:5:.*dense_tops: .fp16. must be a number"

# Catalog and rules.
expect_exit 0 -- "$EXPORTCTL" catalog list --as-of 2024-06-01
expect_out "nvidia-l4 .*4A090.a"
expect_exit 0 -- "$EXPORTCTL" catalog show MI308 --format json
expect_out '"id": "amd-mi308x"'
expect_exit 0 -- "$EXPORTCTL" catalog plot --as-of 2024-06-01 --out "$EXPORTCTL_HOME/plot.svg"
grep -q "<svg" "$EXPORTCTL_HOME/plot.svg" && grep -q "3A090.a.2" "$EXPORTCTL_HOME/plot.svg" || { echo "FAIL: plot"; failures=$((failures+1)); }
expect_exit 0 -- "$EXPORTCTL" rules lint
expect_out "ok \(sha256 [0-9a-f]{64}\)"
expect_exit 0 -- "$EXPORTCTL" rules list --as-of 2022-10-07
expect_out "US-EAR-OCT22-3A090"
expect_exit 0 -- "$EXPORTCTL" rules timeline --format json
expect_out '"effective_from": "2023-11-17"'

# A broken rule directory is reported whole, with file:line:col.
mkdir -p "$EXPORTCTL_HOME/rules"
cp "$SRC/data/rules/ruleset.toml" "$EXPORTCTL_HOME/rules/"
printf 'schema_version = 1\njurisdiction = "US"\n[[rule]]\nid = "X"\nkind = "classification"\ntitle = "t"\neffective_from = 2024-01-01\nevidence = "V"\ncitations = [{ cite = "c", url = "https://x" }]\nwhen = "tpp >= "\neccn = "3A090.a.1"\nprecedence = 1\n[[rule]]\nid = "X"\nkind = "classification"\ntitle = "t"\neffective_from = 2024-06-01\nevidence = "V"\ncitations = [{ cite = "c", url = "https://x" }]\nwhen = "pd > 1"\neccn = "3A090.a.1"\nprecedence = 1\n' > "$EXPORTCTL_HOME/rules/bad.toml"
expect_exit 3 -- "$EXPORTCTL" rules lint "$EXPORTCTL_HOME/rules"
expect_err "bad.toml:10:16: expected a value"
expect_err "bad.toml:13:1: rule .X. in force 2024-06-01..open overlaps"

finish
