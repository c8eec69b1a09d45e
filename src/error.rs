//! Errors, each naming the file and what is wrong in one line.

/// An error in a rule file or rule folder.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The TOML could not be parsed or does not fit the rule format.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The rule file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The rule parsed but a value is not allowed.
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The rule file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The rule's check could not be built from its lists and thresholds.
    #[error("{file}: rule {id}: {message}")]
    Check {
        /// The rule file.
        file: String,
        /// The rule id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// Two user rule files define the same id.
    #[error("{second}: rule {id} is already defined in {first}")]
    Duplicate {
        /// The rule id.
        id: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// A rule folder or file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// A short, lowercase description of an I/O error, without the OS error code.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "is a folder, not a file".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
