# Read the sco-data tables in R with the types of their Table Schemas.
# Generated from datapackage.json by scripts/build_docs.py; do not edit by hand.
# Usage: source('docs/read_sco_data.R'); tables <- read_sco_data('.')
library(readr)

sco_data_col_types <- list(
  sources = cols(
    source_id = col_character(),
    title = col_character(),
    publisher = col_character(),
    url = col_character(),
    published = col_character(),
    accessed = col_date(format = "%Y-%m-%d"),
    license = col_character(),
    notes = col_character()
  ),
  states = cols(
    iso3 = col_character(),
    iso2 = col_character(),
    m49 = col_character(),
    name_en = col_character(),
    name_ru = col_character(),
    name_zh = col_character(),
    official_name_en = col_character(),
    official_name_ru = col_character(),
    official_name_zh = col_character(),
    region = col_factor(levels = c("Africa", "Americas", "Asia", "Europe", "Oceania")),
    subregion = col_character(),
    wikidata_id = col_character(),
    shanghai_five = col_logical(),
    shanghai_five_source_id = col_character(),
    first_nuclear_test = col_date(format = "%Y-%m-%d"),
    first_nuclear_test_source_id = col_character(),
    name_short = col_character(),
    cow_code = col_integer(),
    cow_letters = col_character(),
    gw_code = col_integer(),
    cow_system_since = col_integer(),
    gw_system_since = col_integer(),
    source_id = col_character(),
    cow_source_id = col_character(),
    gw_source_id = col_character(),
    notes = col_character()
  ),
  summits = cols(
    summit_id = col_character(),
    body = col_factor(levels = c("heads_of_state", "heads_of_government", "shanghai_five")),
    number = col_integer(),
    start_date = col_date(format = "%Y-%m-%d"),
    end_date = col_date(format = "%Y-%m-%d"),
    city = col_character(),
    host_iso3 = col_character(),
    format = col_factor(levels = c("in_person", "virtual", "hybrid")),
    declaration = col_character(),
    source_id = col_character(),
    notes = col_character()
  ),
  memberships = cols(
    iso3 = col_character(),
    status = col_factor(levels = c("member", "observer", "dialogue_partner", "partner")),
    start_date = col_date(format = "%Y-%m-%d"),
    start_precision = col_factor(levels = c("day", "month", "year")),
    end_date = col_date(format = "%Y-%m-%d"),
    formalised_date = col_date(format = "%Y-%m-%d"),
    granted_at = col_character(),
    source_id = col_character(),
    notes = col_character()
  ),
  documents = cols(
    document_id = col_character(),
    title = col_character(),
    kind = col_factor(levels = c("charter", "declaration", "convention", "treaty", "agreement", "strategy", "statement")),
    signed_date = col_date(format = "%Y-%m-%d"),
    summit_id = col_character(),
    in_force_date = col_date(format = "%Y-%m-%d"),
    source_id = col_character(),
    notes = col_character()
  ),
  principles = cols(
    principle_id = col_character(),
    framework = col_factor(levels = c("charter_goal", "charter_principle", "shanghai_spirit")),
    position = col_integer(),
    label = col_character(),
    text = col_character(),
    language = col_factor(levels = c("en", "ru", "zh")),
    document_id = col_character(),
    reference = col_character(),
    source_id = col_character()
  ),
  indicators = cols(
    indicator = col_character(),
    name = col_character(),
    unit = col_character(),
    additive = col_logical(),
    derivation = col_character(),
    coverage_start = col_integer(),
    coverage_end = col_integer(),
    source_id = col_character()
  ),
  statistics = cols(
    iso3 = col_character(),
    year = col_integer(),
    indicator = col_character(),
    value = col_double()
  ),
  aggregates = cols(
    year = col_integer(),
    group = col_factor(levels = c("members", "members_and_observers", "all")),
    indicator = col_character(),
    value = col_double(),
    world_value = col_double(),
    share = col_double(),
    states = col_integer(),
    states_with_data = col_integer(),
    nuclear_armed_states = col_integer()
  ),
  secretaries_general = cols(
    term = col_integer(),
    name_en = col_character(),
    iso3 = col_character(),
    term_start = col_date(format = "%Y-%m-%d"),
    term_start_precision = col_factor(levels = c("day", "month", "year")),
    term_end = col_date(format = "%Y-%m-%d"),
    term_end_precision = col_factor(levels = c("day", "month", "year")),
    appointed_at = col_character(),
    source_id = col_character(),
    notes = col_character()
  ),
  nuclear_armed_states = cols(
    iso3 = col_character(),
    name_en = col_character(),
    counted_from = col_date(format = "%Y-%m-%d"),
    counted_from_precision = col_factor(levels = c("day", "month", "year")),
    basis = col_factor(levels = c("first_test", "estimate")),
    source_id = col_character(),
    listed_source_id = col_character(),
    notes = col_character()
  ),
  exercises = cols(
    exercise_id = col_character(),
    name = col_character(),
    kind = col_factor(levels = c("military", "counter_terrorism", "law_enforcement", "border")),
    start_date = col_date(format = "%Y-%m-%d"),
    start_precision = col_factor(levels = c("day", "month", "year")),
    end_date = col_date(format = "%Y-%m-%d"),
    end_precision = col_factor(levels = c("day", "month", "year")),
    host_iso3 = col_character(),
    cohost_iso3 = col_character(),
    location = col_character(),
    troops = col_integer(),
    troops_source_id = col_character(),
    organiser = col_factor(levels = c("RATS")),
    source_id = col_character(),
    notes = col_character()
  ),
  exercise_participants = cols(
    exercise_id = col_character(),
    iso3 = col_character(),
    role = col_factor(levels = c("participant", "observer")),
    source_id = col_character(),
    notes = col_character()
  )
)

sco_data_paths <- c(
  sources = "data/sources.csv",
  states = "data/states.csv",
  summits = "data/summits.csv",
  memberships = "data/memberships.csv",
  documents = "data/documents.csv",
  principles = "data/principles.csv",
  indicators = "data/indicators.csv",
  statistics = "data/statistics.csv",
  aggregates = "data/aggregates.csv",
  secretaries_general = "data/secretaries_general.csv",
  nuclear_armed_states = "data/nuclear_armed_states.csv",
  exercises = "data/exercises.csv",
  exercise_participants = "data/exercise_participants.csv"
)

# One table, typed; empty cells are missing, nothing else is.
read_sco_table <- function(name, root = ".") {
  read_csv(file.path(root, sco_data_paths[[name]]), col_types = sco_data_col_types[[name]],
           na = "", locale = locale(encoding = "UTF-8"), progress = FALSE)
}

# Every table, as a named list of tibbles.
read_sco_data <- function(root = ".") {
  sapply(names(sco_data_paths), read_sco_table, root = root, simplify = FALSE)
}
