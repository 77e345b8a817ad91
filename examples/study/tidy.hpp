// The tidy CSV files a run's records go into (docs/study.md, "What it
// records"): metrics.csv, probe.csv and params.csv, one observation a row.
//
// Contract: a table is its file's name, its header and a function writing
// one run's rows, each row started with `lead` (the study leaves it empty;
// the sweep puts its job number there). Every number is written by
// number() (report_text.hpp), so the same double is always the same text.
#pragma once

#include <ostream>
#include <string>

#include "records.hpp"

namespace study {

struct tidy_table {
    const char* file;
    const char* columns;  // the header, without a line end
    void (*write_rows)(std::ostream& out, const run_result& r, const std::string& lead);
};

void write_metrics_rows(std::ostream& out, const run_result& r, const std::string& lead);
void write_probe_rows(std::ostream& out, const run_result& r, const std::string& lead);
void write_params_rows(std::ostream& out, const run_result& r, const std::string& lead);

inline constexpr tidy_table tidy_tables[] = {
    {"metrics.csv", "variant,seed,epoch,train_loss,test_loss,test_accuracy,seconds", write_metrics_rows},
    {"probe.csv", "variant,seed,epoch,stage,quantity,at,value", write_probe_rows},
    {"params.csv", "variant,seed,epoch,layer,parameter,mean,std,min,max", write_params_rows}};

}  // namespace study
