//! The project layout, compatible with `lpf`: `functions/<name>/index.js` + `config.json`, and
//! `functions/settings.json` (local secrets and allowlist, never uploaded).

use crate::client::CliError;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

pub const HELLO: &str = "function lambda(input, callback) {\n  callback(null, `Hello World`);\n}\n";

/// Finds the project root: `.`, `..` or `../..` containing `functions/`.
pub fn root() -> Result<PathBuf, CliError> {
    let cwd = std::env::current_dir().map_err(|e| CliError::Usage(e.to_string()))?;
    for dir in [cwd.clone(), cwd.join(".."), cwd.join("../..")] {
        if dir.join("functions").is_dir() {
            return Ok(dir);
        }
    }
    Err(CliError::Usage("no fnhost project here (no `functions/` folder in this or the two parent directories); run `fnhost init` first".into()))
}

pub struct Function {
    pub code: String,
    pub config: Value,
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))
}

pub fn load(root: &Path, name: &str) -> Result<Function, CliError> {
    let dir = root.join("functions").join(name);
    let config: Value = serde_json::from_str(&read(&dir.join("config.json"))?).map_err(|e| {
        CliError::Usage(format!(
            "{}: not valid JSON: {e}",
            dir.join("config.json").display()
        ))
    })?;
    Ok(Function {
        code: read(&dir.join("index.js"))?,
        config,
    })
}

/// Names of every function folder in the project.
pub fn all(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("functions"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().join("config.json").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn config_json(name: &str, description: &str, event: Option<&str>) -> Value {
    json!({
        "name": name,
        "event": event,
        "description": description,
        "input": { "headers": [], "payload": {} },
        "environmentVariables": [{ "key": "", "value": "" }],
    })
}

fn write(path: &Path, contents: &str) -> Result<(), CliError> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)
            .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", d.display())))?;
    }
    std::fs::write(path, contents)
        .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))
}

/// Creates the project skeleton (idempotent) and the named functions.
pub fn init(root: &Path, names: &[String]) -> Result<Vec<PathBuf>, CliError> {
    let mut created = Vec::new();
    let settings = root.join("functions/settings.json");
    if !settings.exists() {
        write(
            &settings,
            "{\n  \"secrets\": [{ \"key\": \"\", \"value\": \"\" }],\n  \"whitelist\": [\"*.liveperson.com\"]\n}\n",
        )?;
        created.push(settings);
    }
    std::fs::create_dir_all(root.join("bin")).map_err(|e| CliError::Usage(e.to_string()))?;
    let gitignore = root.join(".gitignore");
    if !gitignore.exists() {
        write(&gitignore, "node_modules/\n")?;
    }
    for name in names {
        create(
            root,
            name,
            &format!("{name} description"),
            None,
            &mut created,
        )?;
    }
    Ok(created)
}

pub fn create(
    root: &Path,
    name: &str,
    description: &str,
    event: Option<&str>,
    created: &mut Vec<PathBuf>,
) -> Result<(), CliError> {
    let dir = root.join("functions").join(name);
    if dir.join("config.json").exists() {
        return Err(CliError::Usage(format!(
            "function `{name}` already exists in {}",
            dir.display()
        )));
    }
    write(&dir.join("index.js"), HELLO)?;
    write(
        &dir.join("config.json"),
        &serde_json::to_string_pretty(&config_json(name, description, event)).unwrap_or_default(),
    )?;
    created.push(dir);
    Ok(())
}

/// Writes a pulled function back into the project.
pub fn save(root: &Path, lambda: &Value) -> Result<(), CliError> {
    let name = lambda["name"].as_str().unwrap_or_default();
    let dir = root.join("functions").join(name);
    let mut env = lambda["implementation"]["environmentVariables"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if env.is_empty() {
        env.push(json!({ "key": "", "value": "" }));
    }
    let config = json!({
        "name": name,
        "event": lambda["eventId"].as_str().unwrap_or("No Event"),
        "description": lambda["description"],
        "input": lambda.get("samplePayload").cloned().unwrap_or_else(|| json!({ "headers": [], "payload": {} })),
        "environmentVariables": env,
    });
    write(
        &dir.join("config.json"),
        &serde_json::to_string_pretty(&config).unwrap_or_default(),
    )?;
    write(
        &dir.join("index.js"),
        lambda["implementation"]["code"]
            .as_str()
            .unwrap_or_default(),
    )
}

/// `[{key, value}]` env vars of a config, without lpf's empty template entry.
pub fn env_vars(config: &Value) -> Vec<Value> {
    config["environmentVariables"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|kv| kv["key"].as_str().is_some_and(|k| !k.is_empty()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Local secrets from `functions/settings.json`.
pub fn local_secrets(root: &Path) -> Vec<(String, String)> {
    let v: Value = std::fs::read_to_string(root.join("functions/settings.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    v["secrets"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let k = s["key"].as_str()?;
                    let v = match &s["value"] {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (!k.is_empty()).then(|| (k.to_owned(), v))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The local egress allowlist from `functions/settings.json` (`whitelist`), as `lpf`'s local toolbelt uses it.
pub fn local_allowlist(root: &Path) -> Vec<String> {
    let v: Value = std::fs::read_to_string(root.join("functions/settings.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    v["whitelist"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d.as_str().map(str::to_ascii_lowercase))
                .collect()
        })
        .unwrap_or_default()
}
