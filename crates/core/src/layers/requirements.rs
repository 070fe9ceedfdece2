//! Package names from the dependency files a user may provide beside the Dockerfile.

/// Distribution names in a `requirements.txt`: one requirement per line; comments, options (`-r`, `-c`,
/// `--hash`...), editable/local paths and URLs are skipped; `name[extra]>=1 ; marker` gives `name`.
pub fn from_requirements_txt(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split(" #").next().unwrap_or("").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with('-'))
        .filter(|line| !line.contains("://") && !line.starts_with('.') && !line.starts_with('/'))
        .filter_map(requirement_name)
        .collect()
}

/// Dependencies of a `pyproject.toml`: PEP 621 `[project] dependencies = [...]`, and Poetry's
/// `[tool.poetry.dependencies]` table (without `python`). A reader for just these two shapes, not TOML.
pub fn from_pyproject_toml(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut section = String::new();
    let mut in_array = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if in_array {
            collect_quoted(line, &mut names);
            if line.contains(']') {
                in_array = false;
            }
            continue;
        }
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']', ' ']).to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().trim_matches('"');
        if section == "project" && key == "dependencies" {
            let value = value.trim();
            collect_quoted(value, &mut names);
            in_array = value.starts_with('[') && !value.contains(']');
        } else if section == "tool.poetry.dependencies" && key != "python" {
            names.push(key.to_string());
        }
    }
    names
}

fn collect_quoted(line: &str, names: &mut Vec<String>) {
    let mut rest = line;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else { break };
        if let Some(name) = requirement_name(&after[..end]) {
            names.push(name);
        }
        rest = &after[end + 1..];
    }
}

/// The distribution name at the start of a PEP 508 requirement.
pub fn requirement_name(spec: &str) -> Option<String> {
    let name: String = spec
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_txt_names() {
        let text = "# web\nFlask==3.0.3\nrequests[socks]>=2 ; python_version>'3.8'\n-r base.txt\n--hash=sha256:x\n\
                    -e .\ngit+https://x/y.git\ngunicorn  # server\n";
        assert_eq!(from_requirements_txt(text), ["Flask", "requests", "gunicorn"]);
    }

    #[test]
    fn pyproject_names_from_pep621_and_poetry() {
        let pep621 = "[project]\nname = \"app\"\ndependencies = [\n  \"fastapi>=0.110\",\n  'uvicorn[standard]',\n]\n\
                      [tool.other]\ndependencies = [\"nope\"]\n";
        assert_eq!(from_pyproject_toml(pep621), ["fastapi", "uvicorn"]);
        let inline = "[project]\ndependencies = [\"django>=5\", \"psycopg[binary]\"]\n";
        assert_eq!(from_pyproject_toml(inline), ["django", "psycopg"]);
        let poetry =
            "[tool.poetry.dependencies]\npython = \"^3.12\"\npandas = \"^2.2\"\nnumpy = { version = \"^2\" }\n";
        assert_eq!(from_pyproject_toml(poetry), ["pandas", "numpy"]);
    }
}
