"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { removeCoverImage } from "@/lib/catalog/cover-images";
import { removeProductFile, renameProductFile, reorderProductFiles } from "@/lib/catalog/product-files";
import { productFormSchema } from "@/lib/catalog/product-input";
import { deleteProduct, saveProductForm } from "@/lib/catalog/products";

const productRef = z.object({ productId: z.uuid() });
const fileRef = productRef.extend({ fileId: z.uuid() });

/** Save product: creates (productId null) or updates; returns where the editor lives. */
export const saveProductAction = storeAdminAction(
  z.object({ productId: z.uuid().nullable(), form: productFormSchema }),
  async ({ productId, form }, { store }) => {
    const product = await saveProductForm(store, productId, form);
    revalidatePath("/admin/products");
    return { id: product.id, slug: product.slug, status: product.status };
  },
);

export const deleteProductAction = storeAdminAction(productRef, async ({ productId }, { store }) => {
  await deleteProduct(store.id, productId);
  revalidatePath("/admin/products");
});

export const renameFileAction = storeAdminAction(
  fileRef.extend({ fileName: z.string().max(500) }),
  async (input, { store }) => {
    const file = await renameProductFile(store.id, input.productId, input.fileId, input.fileName);
    return { fileName: file.fileName };
  },
);

export const reorderFilesAction = storeAdminAction(
  productRef.extend({ fileIds: z.array(z.uuid()).max(50) }),
  async ({ productId, fileIds }, { store }) => reorderProductFiles(store.id, productId, fileIds),
);

export const removeFileAction = storeAdminAction(fileRef, async ({ productId, fileId }, { store }) =>
  removeProductFile(store.id, productId, fileId),
);

export const removeCoverAction = storeAdminAction(productRef, async ({ productId }, { store }) =>
  removeCoverImage(store.id, productId),
);
