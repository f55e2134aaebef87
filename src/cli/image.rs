//! `registryctl image export|import|copy`: whole images to and from OCI image
//! layouts, and between repositories of one store.

use std::path::PathBuf;

use super::output::{self, outln};
use super::{exit, listing, open_store, Cli, StoreUse};
use crate::image::{self, Report};

/// `registryctl image …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl image export acme/app:v1 ./app-layout\n  registryctl image export acme/app:v1 --tar app.tar\n  registryctl image import ./app-layout acme/app:v1\n  registryctl image copy acme/app:v1 acme/app-stable:v1"
)]
pub struct ImageArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ImageCommand,
}

/// Subcommands of `image`.
#[derive(Debug, clap::Subcommand)]
pub enum ImageCommand {
    /// Write an image (an index with all its platforms) to an OCI image layout.
    #[command(
        after_help = "Examples:\n  registryctl image export acme/app:v1 ./app-layout\n  registryctl image export acme/app@sha256:4f1c… ./layout --referrers\n  registryctl image export acme/app:v1 --tar app.tar\n  skopeo copy oci:./app-layout:v1 docker://other-registry/acme/app:v1\n\nThe layout is created, or an existing one gains the image (an entry of the same\nname is replaced). Every byte is checked against its digest on the way out. Safe\nwhile `registryctl serve` runs."
    )]
    Export(ExportArgs),
    /// Read an image from an OCI image layout (a directory or a tar archive) into a repository.
    #[command(
        after_help = "Examples:\n  registryctl image import ./app-layout acme/app:v1\n  registryctl image import app.tar acme/app:v1 --name latest\n  skopeo copy docker://docker.io/library/alpine:3 oci:./alpine:3 && registryctl image import ./alpine acme/alpine:3\n\nWithout --name the layout must hold one image, or one named like the target tag.\nEvery blob and manifest is checked against its digest; the tag is set last, so an\nimport that fails leaves nothing tagged. Safe while `registryctl serve` runs."
    )]
    Import(ImportArgs),
    /// Copy an image to another repository of this store (links, no bytes copied).
    #[command(
        after_help = "Examples:\n  registryctl image copy acme/app:v1 acme/app-stable\n  registryctl image copy acme/app:v1 acme/app-stable:release\n  registryctl image copy acme/app@sha256:4f1c… team/app:v1 --referrers\n\nBlobs are linked into the target repository and manifests recorded there; the\ntarget is tagged with its own tag, else the source's. Safe while `registryctl\nserve` runs."
    )]
    Copy(CopyArgs),
}

/// Flags of `image export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// `REPO:TAG` or `REPO@DIGEST`.
    #[arg(value_name = "IMAGE")]
    pub image: String,
    /// The layout directory to write (created if missing).
    #[arg(
        value_name = "DIR",
        required_unless_present = "tar",
        conflicts_with = "tar"
    )]
    pub dir: Option<PathBuf>,
    /// Write a tar archive of the layout instead of a directory.
    #[arg(long, value_name = "FILE")]
    pub tar: Option<PathBuf>,
    /// Include the manifests that refer to the image (signatures, SBOMs…).
    #[arg(long)]
    pub referrers: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `image import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// An OCI image layout directory, or a tar archive of one.
    #[arg(value_name = "DIR|FILE")]
    pub source: PathBuf,
    /// Where to import it: `REPO:TAG`.
    #[arg(value_name = "REPO:TAG")]
    pub target: String,
    /// Which image of the layout (its `org.opencontainers.image.ref.name`).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `image copy`.
#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    /// `REPO:TAG` or `REPO@DIGEST`.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// `REPO` or `REPO:TAG`.
    #[arg(value_name = "TARGET")]
    pub target: String,
    /// Include the manifests that refer to the image (signatures, SBOMs…).
    #[arg(long)]
    pub referrers: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `image …`.
pub fn run(cli: &Cli, args: &ImageArgs) -> anyhow::Result<u8> {
    match &args.command {
        ImageCommand::Export(a) => {
            let src = super::repo::parse_image_ref(&a.image, false)?;
            let store = open_store(cli, StoreUse::Read)?;
            // A missing image is "no such thing" (3), said before anything is written.
            super::repo::resolve_ref(&store, &src)?;
            let (report, place) = match (&a.dir, &a.tar) {
                (_, Some(file)) => (
                    image::export_tar(&store, &src, file, a.referrers)?,
                    file.display().to_string(),
                ),
                (Some(dir), None) => (
                    image::export_dir(&store, &src, dir, a.referrers)?,
                    dir.display().to_string(),
                ),
                (None, None) => {
                    return Err(exit::err(
                        exit::USAGE,
                        "name a layout directory or --tar FILE",
                    ))
                }
            };
            print(cli, a.json, &report, &format!("exported {src} to {place}"))
        }
        ImageCommand::Import(a) => {
            let dst = super::repo::parse_image_ref(&a.target, false)?;
            if dst.digest.is_some() {
                return Err(exit::err(exit::USAGE, "import into REPO:TAG, not a digest"));
            }
            let store = open_store(cli, StoreUse::Write)?;
            let report = image::import(&store, &a.source, &dst, a.name.as_deref())?;
            print(
                cli,
                a.json,
                &report,
                &format!("imported {} into {dst}", a.source.display()),
            )
        }
        ImageCommand::Copy(a) => {
            let src = super::repo::parse_image_ref(&a.source, false)?;
            let dst = super::repo::parse_image_ref(&a.target, true)?;
            if dst.digest.is_some() {
                return Err(exit::err(
                    exit::USAGE,
                    "copy to REPO or REPO:TAG, not a digest",
                ));
            }
            let store = open_store(cli, StoreUse::Write)?;
            super::repo::resolve_ref(&store, &src)?;
            let report = image::copy(&store, &src, &dst.repo, dst.tag.as_ref(), a.referrers)?;
            print(cli, a.json, &report, &format!("copied {src} to {dst}"))
        }
    }
}

fn print(cli: &Cli, json: bool, r: &Report, what: &str) -> anyhow::Result<u8> {
    if json {
        listing::print_json(r)?;
    } else if !cli.quiet {
        outln!(
            "{what} ({}): {} manifests, {} blobs ({} already there), {} written",
            r.digest,
            r.manifests,
            r.blobs,
            r.blobs_present,
            output::size(r.bytes_written, false)
        );
    }
    Ok(exit::OK)
}
