import { expect, type Page } from "@playwright/test";
import { storeOrigin } from "./store-pages";

export type UploadFile = { name: string; mimeType: string; buffer: Buffer };

/** Admin → Products and the product editor, as an owner uses them. */
export class ProductEditor {
  constructor(
    private readonly page: Page,
    private readonly subdomain: string,
  ) {}

  async openNew() {
    await this.page.goto(`${storeOrigin(this.subdomain)}/admin/products`);
    await this.page.getByRole("link", { name: "New product" }).click();
    await this.expectEditing("New product");
  }

  /** Waits for the editor of `title` to be on screen and running (Save is enabled once hydrated). */
  async expectEditing(title: string | RegExp) {
    await expect(this.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(this.page.getByRole("button", { name: "Save product" })).toBeEnabled();
  }

  async fill(fields: {
    name?: string;
    description?: string;
    price?: string;
    status?: "Draft" | "Published" | "Archived";
  }) {
    if (fields.name !== undefined) await this.page.getByLabel("Name", { exact: true }).fill(fields.name);
    if (fields.description !== undefined) await this.page.getByLabel("Description").fill(fields.description);
    if (fields.price !== undefined) await this.page.getByLabel("Price", { exact: true }).fill(fields.price);
    if (fields.status !== undefined) await this.page.getByLabel("Status").selectOption({ label: fields.status });
  }

  async chooseFiles(files: UploadFile[]) {
    await this.page.getByLabel("Files", { exact: true }).setInputFiles(files);
  }

  async chooseCover(file: UploadFile) {
    await this.page.getByLabel("Cover image").setInputFiles(file);
  }

  async save() {
    await this.page.getByRole("button", { name: "Save product" }).click();
  }

  progressBar(fileName: string) {
    return this.page.getByRole("progressbar", { name: `Uploading ${fileName}` });
  }

  productFiles() {
    return this.page.getByRole("list", { name: "Product files" }).getByTestId("product-file");
  }
}
