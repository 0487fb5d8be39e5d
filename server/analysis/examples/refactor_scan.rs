//! Survey (temporary).
use dockls_analysis::rules::practice::ecosystem;
use dockls_analysis::{Context, MemoryFiles, Settings};
fn main() {
    let dir = std::path::Path::new("/work/shared/corpus/real");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        if n == "MANIFEST.tsv" || n.ends_with(".dockerignore") { continue; }
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
        let df = dockls_syntax::parse(&text);
        let s = Settings::default();
        let files = MemoryFiles::default();
        let cx = Context::new(&df, &s, &files, Some("Dockerfile"));
        let eco = if df.stages.len() == 1 { ecosystem::detect(&cx, 0).map(|d| format!("{:?}/{:?}", d.ecosystem, d.tool)).unwrap_or("-".into()) } else { "multi".into() };
        let codes: Vec<_> = dockls_analysis::analyze(&text, &s, &files, Some("Dockerfile")).diagnostics.iter().map(|d| d.code).filter(|c| ["DK100","DK101","DK102","DK103","DK104"].contains(c)).collect();
        println!("{}\t{}\t{}\t{:?}", df.stages.len(), eco, n, codes);
    }
}
