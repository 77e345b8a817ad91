// The tidy CSV files a run's records go into (docs/study.md, "What it
// records"): metrics.csv, probe.csv, features.csv, classes.csv and
// params.csv, one observation a row. probe.csv holds every epoch's pooled
// statistics and a summary of the per-feature ones; features.csv each
// feature's own statistics and classes.csv the per-class histograms, both
// at the last epoch a run recorded (every epoch's features would make the
// file a hundred times probe.csv's summary rows); classes.csv leaves out
// the bins that hold nothing.
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
void write_features_rows(std::ostream& out, const run_result& r, const std::string& lead);
void write_classes_rows(std::ostream& out, const run_result& r, const std::string& lead);
void write_params_rows(std::ostream& out, const run_result& r, const std::string& lead);

inline constexpr tidy_table tidy_tables[] = {
    {"metrics.csv", "variant,seed,epoch,train_loss,validation_loss,validation_accuracy,test_loss,test_accuracy,seconds",
     write_metrics_rows},
    {"probe.csv", "variant,seed,epoch,layer,stage,quantity,at,value", write_probe_rows},
    {"features.csv",
     "variant,seed,epoch,layer,stage,feature,mean,std,skewness,excess_kurtosis,fraction_below_zero,bimodality,mode1,"
     "height1,mode2,height2,bimodal",
     write_features_rows},
    {"classes.csv", "variant,seed,epoch,layer,stage,label,quantity,at,value", write_classes_rows},
    {"params.csv", "variant,seed,epoch,layer,parameter,mean,std,min,max", write_params_rows}};

}  // namespace study
